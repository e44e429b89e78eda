package io.gridwatch.ingest.sampling;

import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.config.SamplingConfig;

/**
 * Decides which decoded frames go on to detection, by media time so that the choice is the same
 * live and in replay. Not thread-safe: one per camera.
 *
 * <ul>
 *   <li>{@code full}: every frame.
 *   <li>{@code every}: the first frame of each interval.
 *   <li>{@code keyframes}: key frames only (the decoder is also told to skip the others), at
 *       most one per interval if one is set.
 *   <li>{@code motion}: a frame whose thumbnail differs from the last frame sent in at least
 *       {@code minChangedShare} of its pixels, and one per heartbeat interval regardless.
 * </ul>
 */
public final class FrameSampler {

  private final SamplingConfig config;
  private final long intervalMs;
  private final MotionGate motion;
  private long nextDueMs = Long.MIN_VALUE;

  public FrameSampler(SamplingConfig config) {
    this.config = config;
    this.intervalMs = config.intervalMs();
    this.motion = config.mode() == SamplingConfig.Mode.MOTION ? new MotionGate(config.minChangedShare()) : null;
  }

  /** Whether {@code frame} goes on to detection. */
  public boolean accept(Frame frame) {
    return switch (config.mode()) {
      case FULL -> true;
      case EVERY -> due(frame.ptsMs());
      case KEYFRAMES -> frame.keyFrame() && (intervalMs == 0 || due(frame.ptsMs()));
      case MOTION -> {
        // The gate sees every frame (it compares with the last one sent), the heartbeat only
        // decides when a still scene sends one anyway.
        boolean moved = motion.changed(frame);
        if (moved || due(frame.ptsMs())) {
          motion.sent(frame);
          nextDueMs = frame.ptsMs() + intervalMs;
          yield true;
        }
        yield false;
      }
    };
  }

  /**
   * Whether a frame with this time and type could be accepted, decided before its pixels exist
   * and without changing the sampler's state (that happens in {@link #accept}); used as the
   * decoder's {@code FrameGate} so that frames thrown away here are never converted. Motion
   * gating needs the pixels, so it wants every frame.
   */
  public boolean wouldAccept(long ptsMs, boolean keyFrame) {
    return switch (config.mode()) {
      case FULL, MOTION -> true;
      case EVERY -> wouldBeDue(ptsMs);
      case KEYFRAMES -> keyFrame && (intervalMs == 0 || wouldBeDue(ptsMs));
    };
  }

  private boolean wouldBeDue(long ptsMs) {
    return !(nextDueMs != Long.MIN_VALUE && ptsMs < nextDueMs && ptsMs >= nextDueMs - 2 * intervalMs);
  }

  private boolean due(long ptsMs) {
    if (!wouldBeDue(ptsMs)) {
      return false;
    }
    // First frame, due frame, or a time jump backwards (a looped file, a camera restart).
    nextDueMs = ptsMs + intervalMs;
    return true;
  }

  /** Forget the stream's position, e.g. after a reconnect. */
  public void reset() {
    nextDueMs = Long.MIN_VALUE;
    if (motion != null) {
      motion.reset();
    }
  }
}
