package io.gridwatch.analytics.detect;

/**
 * What a detector keeps across a job restart, in two parts that change at very different rates.
 *
 * @param alerting what decides the detector's alerts: open episodes and whether they alerted,
 *                 alarms, falls already reported, live tracks. Small (bytes to a few kB), encoded
 *                 with {@link StateCodec}, and written to keyed state whenever it changes; null
 *                 when the detector has nothing of the kind
 * @param images   learned images worth keeping (compressed), only when the detector finds them due
 *                 (every few minutes of camera time); null otherwise, which leaves the images kept
 *                 before in place
 */
public record DetectorState(byte[] alerting, byte[] images) {

  /** Nothing to keep. */
  public static final DetectorState NONE = new DetectorState(null, null);

  /** Only the alerting part. */
  public static DetectorState of(byte[] alerting) {
    return new DetectorState(alerting, null);
  }

  /** Bytes of both parts. */
  public int size() {
    return (alerting == null ? 0 : alerting.length) + (images == null ? 0 : images.length);
  }
}
