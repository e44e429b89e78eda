package io.gridwatch.analytics.detect.river;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.config.Point;
import io.gridwatch.contracts.config.Polygon;
import java.util.List;
import org.junit.jupiter.api.Test;

class RiverStateTest {

  private static final Polygon WATER = Polygon.of(0, 240, 640, 240, 640, 360, 0, 360);
  private static final Polygon BANK = Polygon.of(10, 200, 100, 200, 100, 240, 10, 240);

  @Test
  void theAlarmEpisodesDebrisAndDaysComeBackAsTheyWere() {
    RiverState state = new RiverState(
        new RiverState.Level(List.of(new Point(300, 200), new Point(340, 200)), Polygon.of(290, 100, 350, 100, 350, 300,
            290, 300), true, 52_000, Long.MIN_VALUE, 186.5, List.of(new long[] {90_000, 1_865}, new long[] {92_000,
            1_870})),
        List.of(new RiverState.ZoneEpisode("bank-east", BANK, 40_000, 44_000, true, 3)),
        new RiverState.Debris(WATER, List.of(new double[] {36_000, 48.5, 60, 5.1, 0, 4.2}), 30_000, 17,
            List.of(new DebrisDay("2026-11-21", 4, 0.002, 0.001), new DebrisDay("2026-11-22", 1, 0.0004, 0.0004))));

    byte[] bytes = state.encode();
    RiverState back = RiverState.decode(bytes);

    assertThat(back.encode()).isEqualTo(bytes);
    assertThat(back.level().alarmed()).isTrue();
    assertThat(back.level().aboveSinceMs()).isEqualTo(52_000);
    assertThat(back.level().readings()).hasSize(2);
    assertThat(back.level().readings().get(1)).containsExactly(92_000, 1_870);
    assertThat(back.zones()).singleElement().isEqualTo(state.zones().get(0));
    assertThat(back.debris().alerted().get(0)).containsExactly(36_000, 48.5, 60, 5.1, 0, 4.2);
    assertThat(back.debris().days()).isEqualTo(state.debris().days());
    assertThat(back.debris().nextTrackId()).isEqualTo(17);
  }

  @Test
  void aRestoredDetectorKeepsOnlyWhatStillFitsItsScene() {
    io.gridwatch.contracts.config.WaterLevel level =
        new io.gridwatch.contracts.config.WaterLevel(List.of(new Point(300, 200), new Point(340, 200)), 10.0);
    Polygon west = Polygon.of(540, 200, 630, 200, 630, 240, 540, 240);
    Polygon westMoved = Polygon.of(520, 200, 630, 200, 630, 240, 520, 240);
    RiverState kept = new RiverState(
        new RiverState.Level(level.line(), level.gaugeRegion(), true, 52_000, Long.MIN_VALUE, 186.5, List.of()),
        List.of(new RiverState.ZoneEpisode("bank-east", BANK, 40_000, 44_000, true, 3),
            new RiverState.ZoneEpisode("bank-west", west, 40_000, 44_000, true, 3)),
        new RiverState.Debris(WATER, List.of(), Long.MIN_VALUE, 0, List.of()));
    io.gridwatch.contracts.config.RiverScene scene = new io.gridwatch.contracts.config.RiverScene(WATER,
        List.of(new io.gridwatch.contracts.config.Zone("bank-east", BANK, 3.0, null),
            new io.gridwatch.contracts.config.Zone("bank-west", westMoved, 3.0, null)), level);

    try (RiverDetector d = new RiverDetector("cam-river", scene)) {
      d.restore(io.gridwatch.analytics.detect.DetectorState.of(kept.encode()));
      RiverState now = RiverState.decode(d.snapshot(0).alerting());
      assertThat(now.level().alarmed()).isTrue();
      assertThat(now.level().aboveSinceMs()).isEqualTo(52_000);
      assertThat(now.zones()).extracting(RiverState.ZoneEpisode::id, RiverState.ZoneEpisode::alerted)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("bank-east", true),
              org.assertj.core.groups.Tuple.tuple("bank-west", false)); // moved: starts afresh
    }
    io.gridwatch.contracts.config.WaterLevel lowered =
        new io.gridwatch.contracts.config.WaterLevel(List.of(new Point(300, 210), new Point(340, 210)), 10.0);
    try (RiverDetector d = new RiverDetector("cam-river",
        new io.gridwatch.contracts.config.RiverScene(WATER, List.of(), lowered))) {
      d.restore(io.gridwatch.analytics.detect.DetectorState.of(kept.encode()));
      assertThat(RiverState.decode(d.snapshot(0).alerting()).level().alarmed()).isFalse(); // another line
    }
  }

  @Test
  void aSceneWithoutGaugeOrZonesKeepsOnlyItsDebris() {
    RiverState state = new RiverState(null, List.of(), new RiverState.Debris(WATER, List.of(), Long.MIN_VALUE, 0,
        List.of()));
    RiverState back = RiverState.decode(state.encode());
    assertThat(back.level()).isNull();
    assertThat(back.zones()).isEmpty();
    assertThat(back.debris().water()).isEqualTo(WATER);
  }
}
