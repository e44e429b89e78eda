package io.gridwatch.analytics.detect;

import io.gridwatch.analytics.evidence.EvidenceStore;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.alert.Alert;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's detector plus its evidence: what both the streaming job and {@code gridwatch
 * detect} run per frame, so that the two cannot drift apart.
 */
public final class DetectionRunner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DetectionRunner.class);

  private final Detector detector;
  private final EvidenceStore evidence;
  private final io.gridwatch.analytics.evidence.ClipRecorder clips;

  /**
   * @param detector the scene's detector
   * @param evidence where snapshots go, or null to keep none
   */
  public DetectionRunner(Detector detector, EvidenceStore evidence) {
    this(detector, evidence, false);
  }

  /**
   * @param withClips also keep a short H.264 clip around each alert (throwing: the fall is the
   *                  evidence, a still cannot show it)
   */
  public DetectionRunner(Detector detector, EvidenceStore evidence, boolean withClips) {
    this.detector = detector;
    this.evidence = evidence;
    this.clips = withClips && evidence != null
        ? new io.gridwatch.analytics.evidence.ClipRecorder(evidence, io.gridwatch.analytics.evidence.ClipRecorder.Settings.defaults())
        : null;
  }

  /** Alerts raised on this frame, with their evidence written. */
  public List<Alert> onFrame(Frame frame, long timeMs) {
    if (clips != null) {
      clips.onFrame(frame, timeMs);
    }
    List<Detection> detections = detector.onFrame(frame, timeMs);
    if (detections.isEmpty()) {
      return List.of();
    }
    List<Alert> alerts = new ArrayList<>(detections.size());
    for (Detection d : detections) {
      alerts.add(withEvidence(d));
    }
    return alerts;
  }

  /** Alerts raised because the video ended (see {@link Detector#endOfStream}), with their evidence. */
  public List<Alert> endOfStream(long timeMs) {
    List<Alert> alerts = new ArrayList<>();
    for (Detection d : detector.endOfStream(timeMs)) {
      alerts.add(withEvidence(d));
    }
    return alerts;
  }

  private Alert withEvidence(Detection d) {
    if (evidence == null || d.snapshotJpeg() == null) {
      return d.alert();
    }
    try {
      String snapshot = evidence.writeSnapshot(d.alert(), d.snapshotJpeg()).toString();
      return d.alert().withEvidence(clips == null ? List.of(snapshot)
          : List.of(snapshot, clips.request(d.alert()).toString()));
    } catch (IOException e) {
      // The alert matters more than its picture: send it without evidence rather than lose it.
      LOG.warn("camera {}: alert {} sent without snapshot: {}", d.alert().cameraId(), d.alert().alertId(), e.getMessage());
      return d.alert();
    }
  }

  /** Hands a changed scene to the detector; false when it must be rebuilt instead. */
  public boolean retune(io.gridwatch.contracts.config.SceneConfig scene) {
    return clips == null && detector.retune(scene);
  }

  /** The detector's state to keep, see {@link Detector#snapshot}. */
  public DetectorState snapshot(long timeMs) {
    return detector.snapshot(timeMs);
  }

  /** Hands kept state to the detector before its first frame, see {@link Detector#restore}. */
  public void restore(DetectorState state) {
    detector.restore(state);
  }

  @Override
  public void close() {
    if (clips != null) {
      clips.close();
    }
    detector.close();
  }
}
