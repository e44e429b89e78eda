package io.gridwatch.analytics.detect.street;

/**
 * One zone's occupation episode as a small state machine, free of pixels so that its rules can
 * be tested with plain numbers: idle → pending (something still stands there) → alerted (it has
 * stood there for the dwell time) → idle again once the zone has been seen clear for
 * {@code clearMs}, with a clear report if it had alerted.
 *
 * <p>What a sample says about the zone is one of three things: occupied, clear, or unknown (a
 * passer-by or a car hides the zone, or the evidence is weak either way). Unknown samples neither
 * start nor end anything, so a pedestrian walking past goods does not end their episode, and a
 * delivery van passing an empty zone does not delay its clearing forever.
 *
 * <p>An episode also ends when what stands in the zone arrived after the zone was last seen
 * occupied and most of what was seen then has gone: those goods left, and these are new (the next stall set down a few
 * seconds after the last was packed, or while a bicycle at the curb kept the zone from being
 * seen clear). The old episode gets its clear report, dated to the first sample that no longer
 * saw it, and the new one starts from its own arrival.
 */
final class ZoneEpisode {

  /** What one sample says about the zone. */
  enum Observation { OCCUPIED, CLEAR, UNKNOWN }

  /** What a step decided. */
  enum Decision { NONE, ALERT, CLEARED }

  enum Phase { IDLE, PENDING, ALERTED }

  private static final long NONE = Long.MIN_VALUE;
  /** Fewest clear samples that end an episode (with {@code clearMs} of time between the first and the last). */
  static final int MIN_CLEAR_SAMPLES = 3;

  private Phase phase = Phase.IDLE;
  private long sinceMs = NONE;
  private long clearSinceMs = NONE;
  /** Clear samples since {@link #clearSinceMs}; unknown ones in between neither count nor reset. */
  private int clearSamples;
  private long lastAlertMs = NONE;
  private long lastClearedMs = NONE;
  private long alertedSinceMs = NONE;
  private double coverageSum;
  private int occupiedSamples;
  /** The last occupied sample. */
  private long lastOccupiedMs = NONE;
  /** The first sample after {@link #lastOccupiedMs} that was not occupied, or NONE. */
  private long vacatedMs = NONE;

  /**
   * Advances the episode by one sample.
   *
   * @param timeMs        the sample's time
   * @param observation   what the sample says about the zone
   * @param arrivedMs     for an occupied sample: when the still region was first seen (it may be
   *                      earlier than the first occupied sample, since a thing has to stand still
   *                      a few samples before it counts)
   * @param coverage      share of the zone covered on an occupied sample
   * @param dwellMs       the zone's dwell time
   * @param clearMs       how long the zone must be seen clear before an episode ends
   * @param cooldownMs    least time between two occupation alerts of the zone
   * @param alertAllowed  false while something else holds the alert back (a person standing
   *                      there); the episode keeps its start and alerts on a later sample
   * @param previousLeft  for an occupied sample: whether most of what was counted on the last
   *                      occupied sample has gone since (its pixels matched the empty street)
   */
  Decision step(long timeMs, Observation observation, long arrivedMs, double coverage, long dwellMs, long clearMs,
      long cooldownMs, boolean alertAllowed, boolean previousLeft) {
    switch (observation) {
      case OCCUPIED -> {
        clearSinceMs = NONE;
        clearSamples = 0;
        boolean replaced = phase != Phase.IDLE && lastOccupiedMs != NONE
            && arrivedMs > lastOccupiedMs && previousLeft;
        long vacated = vacatedMs == NONE ? Math.min(arrivedMs, timeMs) : vacatedMs;
        lastOccupiedMs = timeMs;
        vacatedMs = NONE;
        if (replaced && phase == Phase.ALERTED) {
          // The alerted goods left; report them cleared now, the new ones start on the next sample.
          phase = Phase.IDLE;
          clearSinceMs = vacated;
          lastClearedMs = vacated;
          return Decision.CLEARED;
        }
        if (replaced) {
          phase = Phase.IDLE; // pending goods that left before their dwell: start afresh below
        }
        if (phase == Phase.IDLE) {
          phase = Phase.PENDING;
          // Never before the last clearing: the new episode's id must differ from the clear report's.
          sinceMs = lastClearedMs == NONE ? Math.min(arrivedMs, timeMs) : Math.max(lastClearedMs + 1, Math.min(arrivedMs, timeMs));
          coverageSum = 0;
          occupiedSamples = 0;
        }
        coverageSum += coverage;
        occupiedSamples++;
        if (phase == Phase.PENDING && alertAllowed && timeMs - sinceMs >= dwellMs
            && (lastAlertMs == NONE || timeMs - lastAlertMs >= cooldownMs)) {
          phase = Phase.ALERTED;
          lastAlertMs = timeMs;
          alertedSinceMs = sinceMs;
          return Decision.ALERT;
        }
        return Decision.NONE;
      }
      case CLEAR -> {
        noteNotOccupied(timeMs);
        if (phase == Phase.IDLE) {
          return Decision.NONE;
        }
        if (clearSinceMs == NONE) {
          clearSinceMs = timeMs;
        }
        clearSamples++;
        // Seen clear for clearMs, and on more than one or two samples: one clear sample among
        // unknown ones (a van passing, the goods hidden) is not a zone seen empty.
        if (timeMs - clearSinceMs < clearMs || clearSamples < MIN_CLEAR_SAMPLES) {
          return Decision.NONE;
        }
        boolean alerted = phase == Phase.ALERTED;
        phase = Phase.IDLE;
        lastClearedMs = timeMs;
        return alerted ? Decision.CLEARED : Decision.NONE;
      }
      default -> {
        noteNotOccupied(timeMs);
        return Decision.NONE;
      }
    }
  }

  private void noteNotOccupied(long timeMs) {
    if (lastOccupiedMs != NONE && vacatedMs == NONE) {
      vacatedMs = timeMs;
    }
  }

  /** The last sample on which the zone was seen occupied, or {@code Long.MIN_VALUE}. */
  long lastOccupiedMs() {
    return lastOccupiedMs;
  }

  Phase phase() {
    return phase;
  }

  /** Start of the current (or just cleared) episode. */
  long sinceMs() {
    return phase == Phase.IDLE ? alertedSinceMs : sinceMs;
  }

  /** The first sample on which the zone was seen clear at the end of the episode. */
  long clearSinceMs() {
    return clearSinceMs;
  }

  double meanCoverage() {
    return occupiedSamples == 0 ? 0 : coverageSum / occupiedSamples;
  }

  /** Forgets the episode (the view changed so much that it says nothing about now). */
  void reset() {
    phase = Phase.IDLE;
    sinceMs = NONE;
    clearSinceMs = NONE;
    clearSamples = 0;
    coverageSum = 0;
    occupiedSamples = 0;
    lastOccupiedMs = NONE;
    vacatedMs = NONE;
  }

  /** The episode as plain numbers, for keeping it across a restart. */
  long[] toLongs() {
    return new long[] {phase.ordinal(), sinceMs, clearSinceMs, lastAlertMs, lastClearedMs, alertedSinceMs,
        Double.doubleToLongBits(coverageSum), occupiedSamples};
  }

  static ZoneEpisode fromLongs(long[] v) {
    ZoneEpisode e = new ZoneEpisode();
    e.phase = Phase.values()[(int) v[0]];
    e.sinceMs = v[1];
    e.clearSinceMs = v[2];
    e.lastAlertMs = v[3];
    e.lastClearedMs = v[4];
    e.alertedSinceMs = v[5];
    e.coverageSum = Double.longBitsToDouble(v[6]);
    e.occupiedSamples = (int) v[7];
    // The last occupied sample is not kept: arrivals start afresh after a restart (the pixel
    // model is rebuilt), so everything standing there would seem to have arrived after it.
    // The count of clear samples is not kept (the state's format predates it): a clear run under
    // way at a restart counts as begun, and needs two more clear samples to end the episode.
    e.clearSamples = e.clearSinceMs == NONE ? 0 : 1;
    return e;
  }
}
