package io.gridwatch.contracts.config;

/**
 * How floating debris is judged: something on the water counts once it has been followed for
 * {@code persistSeconds} while drifting.
 *
 * @param persistSeconds how long a floating object must be followed, drifting, before it alerts;
 *                       default {@value #DEFAULT_PERSIST_SECONDS}, 2..600
 * @param minArea        smallest object to follow, in square pixels of the full-resolution
 *                       frame; default {@value #DEFAULT_MIN_AREA}, 4..100000
 */
public record RiverDebris(Double persistSeconds, Double minArea) implements java.io.Serializable {

  public static final double DEFAULT_PERSIST_SECONDS = 6;
  public static final double DEFAULT_MIN_AREA = 24;

  public RiverDebris {
    if (persistSeconds == null) {
      persistSeconds = DEFAULT_PERSIST_SECONDS;
    }
    ConfigViolation.check(persistSeconds >= 2 && persistSeconds <= 600, "persistSeconds",
        "must be within 2..600 seconds, got " + persistSeconds);
    if (minArea == null) {
      minArea = DEFAULT_MIN_AREA;
    }
    ConfigViolation.check(minArea >= 4 && minArea <= 100_000, "minArea",
        "must be within 4..100000 square pixels, got " + minArea);
  }

  public static RiverDebris defaults() {
    return new RiverDebris(null, null);
  }
}
