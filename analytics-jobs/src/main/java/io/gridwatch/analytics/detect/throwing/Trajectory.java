package io.gridwatch.analytics.detect.throwing;

import java.util.List;

/**
 * What a finished track did in the facade's plane, and whether it looks like something thrown or
 * falling from a window.
 *
 * @param verdict        the class of the track
 * @param confidence     0..1 for falls, 0 otherwise
 * @param originFloor    floor of the release point (1 = bottom), for falls
 * @param originColumn   window column of the release point (1 = left), for falls
 * @param releaseMs      estimated release time
 * @param accelerationMps2 fitted downward acceleration in the facade plane
 * @param dropMeters     vertical distance covered while tracked
 * @param points         the track
 * @param reason         why it was accepted or rejected, for tuning (logged at DEBUG)
 */
public record Trajectory(Verdict verdict, double confidence, int originFloor, int originColumn, long releaseMs,
    double accelerationMps2, double dropMeters, List<TrackPoint> points, String reason) {

  /** What a track was judged to be. */
  public enum Verdict {
    /** A heavy object falling under gravity: a throwing alert. */
    FALL,
    /** A light object (tissue, paper, leaf) drifting down: a low-confidence throwing alert. */
    LIGHT_FALL,
    /** Anything else: birds, lights, laundry, insects, rain, noise. */
    REJECTED
  }
}
