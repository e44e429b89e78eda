package io.gridwatch.ingest.sampling;

import io.gridwatch.contracts.config.SamplingConfig;

/**
 * Decides which decoded frames go on to detection, by media time so that the choice is the same
 * live and in replay. Not thread-safe: one per camera.
 */
public final class FrameSampler {

  private final long intervalMs;
  private long nextDueMs = Long.MIN_VALUE;

  public FrameSampler(SamplingConfig config) {
    this.intervalMs = config.intervalMs();
  }

  /** Whether the frame at {@code ptsMs} is sampled. */
  public boolean accept(long ptsMs) {
    if (intervalMs == 0) {
      return true;
    }
    if (nextDueMs != Long.MIN_VALUE && ptsMs < nextDueMs && ptsMs >= nextDueMs - 2 * intervalMs) {
      return false;
    }
    // First frame, due frame, or a time jump backwards (a looped file, a camera restart).
    nextDueMs = ptsMs + intervalMs;
    return true;
  }

  /** Forget the stream's position, e.g. after a reconnect. */
  public void reset() {
    nextDueMs = Long.MIN_VALUE;
  }
}
