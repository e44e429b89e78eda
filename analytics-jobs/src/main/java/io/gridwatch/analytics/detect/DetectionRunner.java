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

  /**
   * @param detector the scene's detector
   * @param evidence where snapshots go, or null to keep none
   */
  public DetectionRunner(Detector detector, EvidenceStore evidence) {
    this.detector = detector;
    this.evidence = evidence;
  }

  /** Alerts raised on this frame, with their evidence written. */
  public List<Alert> onFrame(Frame frame, long timeMs) {
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

  private Alert withEvidence(Detection d) {
    if (evidence == null || d.snapshotJpeg() == null) {
      return d.alert();
    }
    try {
      return d.alert().withEvidence(List.of(evidence.writeSnapshot(d.alert(), d.snapshotJpeg()).toString()));
    } catch (IOException e) {
      // The alert matters more than its picture: send it without evidence rather than lose it.
      LOG.warn("camera {}: alert {} sent without snapshot: {}", d.alert().cameraId(), d.alert().alertId(), e.getMessage());
      return d.alert();
    }
  }

  @Override
  public void close() {
    detector.close();
  }
}
