package io.gridwatch.analytics.detect.street;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.analytics.detect.street.ZoneEpisode.Decision;
import io.gridwatch.analytics.detect.street.ZoneEpisode.Observation;
import org.junit.jupiter.api.Test;

class ZoneEpisodeTest {

  private static final long DWELL = 30_000;
  private static final long CLEAR = 10_000;

  /** A sample of goods set down at 0 s. */
  private static Decision step(ZoneEpisode e, long t, Observation o) {
    return e.step(t, o, 0, 0.4, DWELL, CLEAR, 0, true, false);
  }

  private static ZoneEpisode alerted() {
    ZoneEpisode e = new ZoneEpisode();
    for (long t = 0; t <= 40_000; t += 5_000) {
      step(e, t, Observation.OCCUPIED);
    }
    assertThat(e.phase()).isEqualTo(ZoneEpisode.Phase.ALERTED);
    return e;
  }

  @Test
  void aZoneSeenClearOnThreeSamplesOverTheClearTimeEndsTheEpisode() {
    ZoneEpisode e = alerted();
    assertThat(step(e, 45_000, Observation.CLEAR)).isEqualTo(Decision.NONE);
    assertThat(step(e, 50_000, Observation.UNKNOWN)).isEqualTo(Decision.NONE); // a van passes
    assertThat(step(e, 55_000, Observation.CLEAR)).isEqualTo(Decision.NONE); // 10 s, but two samples
    assertThat(step(e, 60_000, Observation.CLEAR)).isEqualTo(Decision.CLEARED);
  }

  @Test
  void oneClearSampleAmongUnknownOnesDoesNotEndTheEpisode() {
    ZoneEpisode e = alerted();
    step(e, 45_000, Observation.CLEAR);
    for (long t = 50_000; t <= 80_000; t += 5_000) {
      assertThat(step(e, t, Observation.UNKNOWN)).isEqualTo(Decision.NONE); // the goods hidden
    }
    assertThat(step(e, 85_000, Observation.CLEAR)).isEqualTo(Decision.NONE);
    assertThat(step(e, 90_000, Observation.OCCUPIED)).isEqualTo(Decision.NONE);
    assertThat(e.phase()).isEqualTo(ZoneEpisode.Phase.ALERTED);
  }

  @Test
  void aClearRunUnderWayAtARestartGoesOnFromItsFirstClearSample() {
    ZoneEpisode e = alerted();
    step(e, 45_000, Observation.CLEAR);
    step(e, 50_000, Observation.CLEAR);
    ZoneEpisode restored = ZoneEpisode.fromLongs(e.toLongs());
    assertThat(step(restored, 55_000, Observation.CLEAR)).isEqualTo(Decision.NONE); // counted as 2
    assertThat(step(restored, 60_000, Observation.CLEAR)).isEqualTo(Decision.CLEARED);
  }

  @Test
  void goodsThatArrivedAfterTheZoneWasLastSeenOccupiedEndTheEpisodeAndStartANewOne() {
    ZoneEpisode e = alerted(); // goods set down at 0 s, last seen at 40 s
    assertThat(step(e, 45_000, Observation.UNKNOWN)).isEqualTo(Decision.NONE); // a bicycle at the curb
    assertThat(step(e, 50_000, Observation.UNKNOWN)).isEqualTo(Decision.NONE);
    // A stall set down at 50 s now stands there: the goods left while the zone was hidden.
    assertThat(e.step(60_000, Observation.OCCUPIED, 50_000, 0.4, DWELL, CLEAR, 0, true, true)).isEqualTo(Decision.CLEARED);
    assertThat(e.sinceMs()).isEqualTo(0);
    assertThat(e.clearSinceMs()).isEqualTo(45_000); // the first sample that no longer saw the goods
    assertThat(e.step(65_000, Observation.OCCUPIED, 50_000, 0.4, DWELL, CLEAR, 0, true, true)).isEqualTo(Decision.NONE);
    assertThat(e.sinceMs()).isEqualTo(50_000);
    assertThat(e.step(80_000, Observation.OCCUPIED, 50_000, 0.4, DWELL, CLEAR, 0, true, true)).isEqualTo(Decision.ALERT);
  }

  @Test
  void partsOfTheSameGoodsSeenAnewDoNotEndTheEpisodeWhileWhatWasSeenBeforeStillStands() {
    ZoneEpisode e = alerted();
    step(e, 45_000, Observation.UNKNOWN);
    // A rack's poles flicker in and out of the counted share: later arrivals, the clothes still there.
    assertThat(e.step(50_000, Observation.OCCUPIED, 47_000, 0.4, DWELL, CLEAR, 0, true, false)).isEqualTo(Decision.NONE);
    assertThat(e.phase()).isEqualTo(ZoneEpisode.Phase.ALERTED);
    assertThat(e.sinceMs()).isEqualTo(0);
  }

  @Test
  void goodsThatStayKeepTheirEpisodeWhateverPassesInFront() {
    ZoneEpisode e = alerted();
    for (long t = 45_000; t <= 300_000; t += 5_000) {
      Observation o = (t / 5_000) % 3 == 0 ? Observation.UNKNOWN : Observation.OCCUPIED;
      assertThat(step(e, t, o)).isEqualTo(Decision.NONE);
    }
    assertThat(e.sinceMs()).isEqualTo(0);
  }

  @Test
  void theArrivalOfAZoneIsWhenEnoughOfWhatStandsThereHadArrived() {
    // 60 pixels of a bicycle's sliver since 0 s, then 50 of a carton since 100 s, in a zone of
    // 1000: with minCoverage 0.1 the zone is covered only since the carton came.
    Regions.Region sliver = new Regions.Region(1, 0, 0, 6, 10, 60, 3, 9);
    Regions.Region carton = new Regions.Region(2, 10, 0, 5, 10, 50, 12, 9);
    long[] arrivals = new long[110];
    int[] of = new int[110];
    java.util.Arrays.fill(arrivals, 60, 110, 100_000);
    java.util.Arrays.fill(of, 60, 110, 1);
    ZoneGeometry.Counts counts = new ZoneGeometry.Counts(0.11, 0.11, new Regions.Region[] {sliver, carton},
        new int[] {60, 50}, arrivals, of, new int[110], 110, 1000);
    assertThat(counts.arrivedMs(0.1, 200_000)).isEqualTo(100_000);
    // One thing covering the zone whose edges flicker (a fifth of its pixels arrived again since):
    // its median arrival, not the flicker's.
    long[] one = new long[300];
    java.util.Arrays.fill(one, 240, 300, 150_000);
    ZoneGeometry.Counts single = new ZoneGeometry.Counts(0.3, 0.3, new Regions.Region[] {carton}, new int[] {300}, one,
        new int[300], new int[300], 300, 1000);
    assertThat(single.arrivedMs(0.1, 0)).isEqualTo(0);
  }
}
