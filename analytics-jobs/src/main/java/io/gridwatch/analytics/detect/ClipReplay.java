package io.gridwatch.analytics.detect;

import io.gridwatch.analytics.evidence.EvidenceStore;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.ingest.decode.VideoDecoder;
import io.gridwatch.ingest.sampling.FrameSampler;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Runs one camera's scene over a clip with the same detector classes as the streaming job, on
 * media time: what {@code gridwatch detect} does.
 */
public final class ClipReplay {

  /** What a replay saw. */
  public record Summary(long framesDecoded, long framesSampled, long alerts, long mediaMs) {}

  private final SceneConfig scene;
  private final EvidenceStore evidence;

  /**
   * @param scene    the camera's scene
   * @param evidence where snapshots go, or null to keep none
   */
  public ClipReplay(SceneConfig scene, EvidenceStore evidence) {
    this.scene = scene;
    this.evidence = evidence;
  }

  /**
   * Decodes the whole clip and hands every alert to {@code sink} as soon as it is raised.
   *
   * @throws Detectors.UnsupportedSceneException when this build has no detector for the scene
   * @throws IOException when the clip cannot be opened or read
   */
  public Summary run(VideoDecoder decoder, Consumer<Alert> sink) throws IOException {
    FrameSampler sampler = new FrameSampler(scene.sampling());
    long decoded = 0;
    long sampled = 0;
    long alerts = 0;
    long lastPts = 0;
    try (DetectionRunner runner = Detectors.runnerFor(scene, evidence)) {
      decoder.open();
      Frame frame;
      while ((frame = decoder.next()) != null) {
        decoded++;
        lastPts = frame.ptsMs();
        if (!sampler.accept(frame)) {
          continue;
        }
        sampled++;
        for (Alert alert : runner.onFrame(frame, frame.ptsMs())) {
          alerts++;
          sink.accept(alert);
        }
      }
      for (Alert alert : runner.endOfStream(lastPts)) {
        alerts++;
        sink.accept(alert);
      }
    } finally {
      decoder.close();
    }
    return new Summary(decoded, sampled, alerts, lastPts);
  }
}
