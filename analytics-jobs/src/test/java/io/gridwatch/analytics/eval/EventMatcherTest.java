package io.gridwatch.analytics.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.labels.LabelledEvent;
import io.gridwatch.contracts.labels.Labels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventMatcherTest {

  private static final long TOLERANCE = 2_000;
  private static final long HOUR = 3_600_000;

  private static LabelledEvent fall(long start, long end, int floor) {
    return new LabelledEvent(AlertScene.THROWING, start, end, null, floor, 3, "bottle", null);
  }

  private static Alert throwing(long start, long end, long emitted, Integer floor) {
    return Alert.of("cam", AlertScene.THROWING, null, start, end, 0.9,
        floor == null ? Map.of() : Map.of("originFloor", floor), emitted, List.of());
  }

  private static Labels labels(List<LabelledEvent> events, List<LabelledEvent> nuisances) {
    return new Labels("clip.mp4", "scene.yaml", "throwing", HOUR, events, nuisances);
  }

  @Test
  void overlappingAlertMatchesAndLatencyIsFromTheEventsEnd() {
    ClipScore s = EventMatcher.score("c", labels(List.of(fall(10_000, 12_000, 7)), List.of()), AlertScene.THROWING,
        List.of(throwing(10_100, 11_900, 12_400, 7)), TOLERANCE);
    assertThat(s.matched()).isEqualTo(1);
    assertThat(s.falseAlarms()).isZero();
    assertThat(s.latenciesMs()).containsExactly(400L);
    assertThat(s.floorExact()).isEqualTo(1);
  }

  @Test
  void toleranceWidensTheEventButNotWithoutLimit() {
    Labels l = labels(List.of(fall(10_000, 12_000, 7)), List.of());
    assertThat(EventMatcher.score("c", l, AlertScene.THROWING, List.of(throwing(13_500, 14_000, 14_000, 7)), TOLERANCE)
        .matched()).isEqualTo(1);
    assertThat(EventMatcher.score("c", l, AlertScene.THROWING, List.of(throwing(14_500, 15_000, 15_000, 7)), TOLERANCE)
        .falseAlarms()).isEqualTo(1);
  }

  @Test
  void eachEventMatchesOnceAndASecondAlertIsADuplicate() {
    ClipScore s = EventMatcher.score("c", labels(List.of(fall(10_000, 12_000, 7)), List.of()), AlertScene.THROWING,
        List.of(throwing(10_000, 12_000, 12_100, 7), throwing(10_500, 12_000, 12_200, 7)), TOLERANCE);
    assertThat(s.truePositives()).isEqualTo(1);
    assertThat(s.duplicates()).isEqualTo(1);
    assertThat(s.falseAlarms()).isZero();
  }

  @Test
  void alertsOfAnotherZoneOrSceneDoNotMatch() {
    LabelledEvent stall = new LabelledEvent(AlertScene.STREET_OCCUPATION, 0, 60_000, "shop-1", null, null, "stall", null);
    Labels l = new Labels("c.mp4", "s.yaml", "street-occupation", HOUR, List.of(stall), List.of());
    Alert otherZone = Alert.of("cam", AlertScene.STREET_OCCUPATION, "shop-2", 10_000, 20_000, 0.8, Map.of(), 20_000, List.of());
    ClipScore s = EventMatcher.score("c", l, AlertScene.STREET_OCCUPATION, List.of(otherZone), TOLERANCE);
    assertThat(s.matched()).isZero();
    assertThat(s.missed()).containsExactly(stall);
    assertThat(s.falseAlarms()).isEqualTo(1);
  }

  @Test
  void falseAlarmsAreAttributedToTheNuisanceTheyOverlap() {
    LabelledEvent bird = new LabelledEvent(AlertScene.THROWING, 30_000, 33_000, null, null, null, "bird-gliding", null);
    ClipScore s = EventMatcher.score("c", labels(List.of(), List.of(bird)), AlertScene.THROWING,
        List.of(throwing(31_000, 32_000, 32_100, null), throwing(50_000, 51_000, 51_000, null)), TOLERANCE);
    EvalSummary sum = EvalSummary.of("throwing", List.of(s));
    assertThat(sum.falseAlarmsByNuisance()).containsEntry("bird-gliding", 1).containsEntry("none", 1);
    assertThat(sum.falseAlarmsPerCameraHour()).isEqualTo(2.0);
    assertThat(sum.falseAlarmsPerCameraDay()).isEqualTo(48.0);
  }

  @Test
  void lowPriorityEventsMayBeMatchedButAreNeverMisses() {
    LabelledEvent tissue = new LabelledEvent(AlertScene.THROWING, 5_000, 9_000, null, 4, 2, "tissue", "low");
    Labels l = labels(List.of(tissue, fall(20_000, 22_000, 9)), List.of());
    ClipScore quiet = EventMatcher.score("c", l, AlertScene.THROWING, List.of(throwing(20_000, 22_000, 22_500, 9)), TOLERANCE);
    assertThat(quiet.events()).isEqualTo(1);
    assertThat(quiet.missed()).isEmpty();
    ClipScore told = EventMatcher.score("c", l, AlertScene.THROWING,
        List.of(throwing(5_500, 9_000, 9_100, 4), throwing(20_000, 22_000, 22_500, 9)), TOLERANCE);
    assertThat(told.falseAlarms()).isZero();
    assertThat(told.truePositives()).isEqualTo(2);
  }

  @Test
  void summaryGivesRecallPrecisionLatencyPercentilesAndFloorAccuracy() {
    Labels l = labels(List.of(fall(0, 1_000, 5), fall(10_000, 11_000, 6), fall(20_000, 21_000, 7), fall(30_000, 31_000, 8)),
        List.of());
    ClipScore s = EventMatcher.score("c", l, AlertScene.THROWING, List.of(
        throwing(0, 1_000, 1_200, 5), throwing(10_000, 11_000, 11_300, 7), throwing(20_000, 21_000, 22_000, 9),
        throwing(40_000, 41_000, 41_000, 3)), TOLERANCE);
    EvalSummary sum = EvalSummary.of("throwing", List.of(s));
    assertThat(sum.recall()).isEqualTo(0.75);
    assertThat(sum.precision()).isEqualTo(0.75);
    assertThat(sum.latencyMedianMs()).isEqualTo(300.0);
    assertThat(sum.latencyP95Ms()).isEqualTo(1_000.0);
    assertThat(sum.floorExact()).isEqualTo(1 / 3.0);
    assertThat(sum.floorWithin1()).isEqualTo(2 / 3.0);
    assertThat(s.floorMisses()).extracting(m -> m.event().originFloor(), ClipScore.FloorMiss::reportedFloor)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(6, 7), org.assertj.core.groups.Tuple.tuple(7, 9));
  }

  @Test
  void aZoneClearReportIsNeitherADuplicateNorAFalseAlarm() {
    LabelledEvent stall = new LabelledEvent(AlertScene.STREET_OCCUPATION, 10_000, 200_000, "shop-1", null, null,
        "stall", null);
    Alert occupied = Alert.of("cam", AlertScene.STREET_OCCUPATION, "shop-1", 10_000, 100_000, 0.9,
        Map.of("state", "occupied"), 100_000, List.of());
    Alert cleared = Alert.of("cam", AlertScene.STREET_OCCUPATION, "shop-1", 10_000, 200_000, 1.0,
        Map.of("state", "cleared"), 220_000, List.of());
    Alert clearedLater = Alert.of("cam", AlertScene.STREET_OCCUPATION, "shop-1", 500_000, 600_000, 1.0,
        Map.of("state", "cleared"), 620_000, List.of());
    ClipScore s = EventMatcher.score("c", new Labels("clip.mp4", "scene.yaml", "street-occupation", HOUR,
        List.of(stall), List.of()), AlertScene.STREET_OCCUPATION, List.of(occupied, cleared, clearedLater), TOLERANCE);
    assertThat(s.truePositives()).isEqualTo(1);
    assertThat(s.duplicates()).isZero();
    assertThat(s.falseAlarms()).isZero();
  }
}
