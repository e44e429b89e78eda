package io.gridwatch.analytics.detect;

import io.gridwatch.contracts.Frame;
import java.util.List;

/**
 * The vision logic of one camera's scene: frames in, alerts out. A plain class so that it can be
 * tested with frames in memory; the Flink function around it only moves records. Not
 * thread-safe: one instance per camera.
 */
public interface Detector extends AutoCloseable {

  /**
   * Looks at the next sampled frame.
   *
   * @param frame the frame
   * @param timeMs the frame's time on the alert clock: media time in {@code gridwatch detect},
   *     wall-clock epoch ms when streaming
   * @return alerts raised on this frame, usually none
   */
  List<Detection> onFrame(Frame frame, long timeMs);

  /**
   * Takes a changed scene of the same camera without starting afresh, if this detector can:
   * what it has learned of the view is kept, and the state of zones no longer in the scene is
   * dropped.
   *
   * @return false when the detector cannot (the caller then builds a new one)
   */
  default boolean retune(io.gridwatch.contracts.config.SceneConfig scene) {
    return false;
  }

  /** Releases native memory. */
  @Override
  void close();
}
