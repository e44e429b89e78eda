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
   * The video has ended (the end of a file): what the detector is still following is judged now
   * rather than never. A stream that merely stalls is not an end; it resumes or goes offline.
   *
   * @param timeMs the time of the last frame handled
   * @return alerts raised by the ending, usually none
   */
  default List<Detection> endOfStream(long timeMs) {
    return List.of();
  }

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

  /**
   * What this detector must keep across a job restart so that it neither repeats nor loses an
   * alert: called after every frame, so the alerting part must be cheap to encode (it is written
   * to keyed state only when its bytes change). Learned images are included only when the
   * detector finds them due, on the frames' clock.
   *
   * @param timeMs the time of the frame just handled (the same clock as {@link #onFrame})
   * @return the state, {@link DetectorState#NONE} for a detector that keeps nothing
   */
  default DetectorState snapshot(long timeMs) {
    return DetectorState.NONE;
  }

  /**
   * Takes state kept by an earlier detector of the same camera (before a restart, a rebuilt
   * detector), before the first frame. The scene may have changed in between: what no longer
   * fits it (a removed or moved zone, another facade) is dropped. State that cannot be read is
   * logged and ignored; the detector then starts afresh, as it would without state.
   *
   * @param state the parts kept; either may be null
   */
  default void restore(DetectorState state) {}

  /** Releases native memory. */
  @Override
  void close();
}
