package io.gridwatch.ingest.source;

import java.time.Duration;
import java.util.Random;

/**
 * Capped exponential backoff with jitter, so that many cameras behind one failed switch do not
 * reconnect in lock step.
 */
final class Backoff {

  private final long initialMs;
  private final long maxMs;
  private final Random random;
  private int attempt;

  Backoff(Duration initial, Duration max, long seed) {
    this.initialMs = initial.toMillis();
    this.maxMs = max.toMillis();
    this.random = new Random(seed);
  }

  /** Delay before the next attempt: initial * 2^n capped at max, then +-20% jitter. */
  long nextDelayMs() {
    long base = Math.min(maxMs, initialMs << Math.min(attempt, 20));
    attempt++;
    double jitter = 0.8 + 0.4 * random.nextDouble();
    return Math.min(maxMs, Math.round(base * jitter));
  }

  void reset() {
    attempt = 0;
  }
}
