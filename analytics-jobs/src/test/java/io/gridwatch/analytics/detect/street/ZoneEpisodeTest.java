package io.gridwatch.analytics.detect.street;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.analytics.detect.street.ZoneEpisode.Decision;
import io.gridwatch.analytics.detect.street.ZoneEpisode.Observation;
import org.junit.jupiter.api.Test;

class ZoneEpisodeTest {

  private static final long DWELL = 30_000;
  private static final long CLEAR = 10_000;

  private static Decision step(ZoneEpisode e, long t, Observation o) {
    return e.step(t, o, t, 0.4, DWELL, CLEAR, 0, true);
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
}
