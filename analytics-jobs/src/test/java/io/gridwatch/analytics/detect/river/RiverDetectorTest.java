package io.gridwatch.analytics.detect.river;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.analytics.detect.Detection;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.config.Point;
import io.gridwatch.contracts.config.Polygon;
import io.gridwatch.contracts.config.RiverScene;
import io.gridwatch.contracts.config.WaterLevel;
import io.gridwatch.contracts.config.Zone;
import io.gridwatch.ingest.sim.Canvas;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A river camera drawn in memory: a quay wall above the water, whose surface is a pattern of
 * short bright streaks that changes on every sample, as ripples do between key frames two
 * seconds apart.
 */
class RiverDetectorTest {

  private static final int W = 640;
  private static final int H = 360;
  private static final long STEP_MS = 2000;
  /** The alarm line, painted on a gauge at x 300..340. */
  private static final int ALARM_Y = 200;
  private static final WaterLevel LEVEL = new WaterLevel(List.of(new Point(300, ALARM_Y), new Point(340, ALARM_Y)), 10.0);
  private static final Polygon WATER = Polygon.of(0, 240, 640, 240, 640, 360, 0, 360);

  /** Draws one frame: wall above {@code waterY}, water below; {@code extra} paints on top. */
  private static byte[] frame(Canvas c, SplittableRandom rnd, double waterY, java.util.function.Consumer<Canvas> extra) {
    c.clear();
    int top = (int) Math.round(waterY);
    c.fillRect(0, 0, W, top, 120, 118, 115); // quay wall
    c.fillRect(310, 120, 20, Math.max(0, top - 120), 230, 230, 230); // gauge staff
    c.fillRect(0, top, W, H - top, 80, 95, 70); // water
    for (int i = 0; i < 2400; i++) { // ripples: a new pattern on every sample
      int y = top + rnd.nextInt(Math.max(1, H - top));
      c.fillRect(rnd.nextInt(W), y, 6 + rnd.nextInt(10), 1, 110, 125, 100);
    }
    extra.accept(c);
    return c.render(2.0);
  }

  private static List<Alert> run(RiverScene scene, int seconds, LongToDoubleFunction waterY,
      java.util.function.BiConsumer<Canvas, Long> extra) {
    Canvas canvas = new Canvas(W, H, 7);
    SplittableRandom rnd = new SplittableRandom(11);
    List<Alert> alerts = new ArrayList<>();
    try (RiverDetector detector = new RiverDetector("cam-river", scene)) {
      for (long t = 0; t <= seconds * 1000L; t += STEP_MS) {
        long now = t;
        byte[] bgr = frame(canvas, rnd, waterY.applyAsDouble(t), c -> extra.accept(c, now));
        for (Detection d : detector.onFrame(new Frame("cam-river", t / STEP_MS, t, t, W, H, true, bgr), t)) {
          assertThat(d.snapshotJpeg()).isNotEmpty();
          alerts.add(d.alert());
        }
      }
    }
    return alerts;
  }

  private static List<Alert> of(List<Alert> alerts, AlertScene scene) {
    return alerts.stream().filter(a -> a.scene() == scene).toList();
  }

  @Nested
  class WaterLevelAlarm {
    private final RiverScene scene = new RiverScene(WATER, List.of(), LEVEL);

    @Test
    void waterRisingAboveTheLineAlertsOnceAfterTheSustainTimeWithTheEstimate() {
      List<Alert> alerts = of(run(scene, 200, t -> t < 60_000 || t >= 150_000 ? 220 : 190, (c, t) -> {}),
          AlertScene.WATER_LEVEL);
      assertThat(alerts).hasSize(1);
      Alert a = alerts.get(0);
      assertThat(a.zone()).isNull();
      assertThat(a.startMs()).isBetween(60_000L, 76_000L); // the median moves over after about 10 s
      assertThat(a.emittedMs() - a.startMs()).isGreaterThanOrEqualTo(10_000L);
      assertThat(a.emittedMs()).isLessThanOrEqualTo(60_000L + 10_000 + 30_000);
      assertThat((Double) a.details().get("waterlineY")).isBetween(187.0, 193.0);
      assertThat((Double) a.details().get("alarmLineY")).isEqualTo(200.0);
    }

    @Test
    void waterBelowTheLineNeverAlerts() {
      assertThat(of(run(scene, 120, t -> 215, (c, t) -> {}), AlertScene.WATER_LEVEL)).isEmpty();
    }

    @Test
    void waterHoveringAtTheLineRaisesOneAlertNotOneBySwing() {
      // above by 3 px and at the line by turns for three minutes: within the hysteresis band
      List<Alert> alerts = of(run(scene, 240, t -> t < 20_000 ? 230 : ((t / 8_000) % 2 == 0 ? 197 : 201),
          (c, t) -> {}), AlertScene.WATER_LEVEL);
      assertThat(alerts).hasSize(1);
    }

    @Test
    void aNewCrossingAfterTheWaterFellBackAlertsAgain() {
      List<Alert> alerts = of(run(scene, 300, t -> t < 20_000 ? 225 : t < 100_000 ? 185 : t < 180_000 ? 230 : 185,
          (c, t) -> {}), AlertScene.WATER_LEVEL);
      assertThat(alerts).hasSize(2);
      assertThat(alerts.get(1).startMs()).isGreaterThan(180_000L);
      assertThat(alerts.get(0).alertId()).isNotEqualTo(alerts.get(1).alertId());
    }
  }

  @Nested
  class FloatingDebris {
    private final RiverScene scene = new RiverScene(WATER, List.of(), null);

    @Test
    void anObjectDriftingAcrossTheWaterAlertsOnceWithItsCoveredArea() {
      List<Alert> alerts = of(run(scene, 120, t -> 235, (c, t) -> {
        if (t >= 30_000) {
          c.fillRect((int) ((t - 30_000) / 1000 * 8), 300, 16, 8, 30, 40, 150); // a red bag drifting right
        }
      }), AlertScene.RIVER_DEBRIS);
      assertThat(alerts).hasSize(1);
      Alert a = alerts.get(0);
      assertThat(a.startMs()).isBetween(30_000L, 36_000L);
      assertThat(a.emittedMs() - a.startMs()).isGreaterThanOrEqualTo(6_000L);
      assertThat(((Number) a.details().get("coveredAreaPx")).doubleValue()).isBetween(90.0, 220.0);
      assertThat((Double) a.details().get("driftPxPerSecond")).isBetween(6.0, 10.0);
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> day = (java.util.Map<String, Object>) a.details().get("daySummary");
      assertThat(day).containsEntry("items", 1).containsEntry("level", "light");
    }

    @Test
    void somethingThatStaysPutOnTheWaterIsNotDebris() {
      assertThat(of(run(scene, 120, t -> 235, (c, t) -> {
        if (t >= 30_000) {
          c.fillRect(200, 300, 16, 8, 30, 40, 150); // moored, or a reflection that does not move
        }
      }), AlertScene.RIVER_DEBRIS)).isEmpty();
    }

    @Test
    void glareFlickeringOnTheWaterIsNotDebris() {
      SplittableRandom flicker = new SplittableRandom(3);
      assertThat(of(run(scene, 180, t -> 235, (c, t) -> {
        if (t >= 30_000) {
          for (int k = 0; k < 8; k++) { // sun glints, each on or off at every sample, drifting slowly
            if (flicker.nextBoolean()) {
              c.fillCircle(150 + k * 14 + (int) (t / 4000), 290 + (k % 3) * 9, 3, 240, 244, 244);
            }
          }
        }
      }), AlertScene.RIVER_DEBRIS)).isEmpty();
    }
  }

  @Nested
  class FloatingDebrisAgainstNuisances {
    private final RiverScene scene = new RiverScene(WATER, List.of(), null);

    @Test
    void anObjectMovingMoreThanItsLengthBetweenSamplesIsStillFoundOnWaterWhoseRipplesFlicker() {
      // 40 px per sample, 16 px long: on every sample it covers water it did not cover before,
      // water whose bright ripple crests have been toggling its pixels now and then for minutes
      SplittableRandom crests = new SplittableRandom(21);
      List<Alert> alerts = of(run(scene, 240, t -> 235, (c, t) -> {
        for (int i = 0; i < 80; i++) {
          c.fillRect(crests.nextInt(W), 312 + crests.nextInt(24), 10, 1, 150, 165, 140);
        }
        if (t >= 180_000 && t <= 210_000) {
          c.fillRect((int) ((t - 180_000) / 1000 * 20), 320, 16, 8, 30, 40, 150);
        }
      }), AlertScene.RIVER_DEBRIS);
      assertThat(alerts).hasSize(1);
      assertThat((Double) alerts.get(0).details().get("driftPxPerSecond")).isBetween(16.0, 24.0);
    }

    @Test
    void aBlobHoppingAboutAsItGoesIsNotDebris() {
      // what a tracker makes of ripple crests and glints: a next position near the predicted
      // one, but off by several pixels each time, never on a line walked at constant speed
      SplittableRandom hop = new SplittableRandom(9);
      int[] dx = new int[64];
      int[] dy = new int[64];
      for (int i = 0; i < dx.length; i++) {
        dx[i] = hop.nextInt(-9, 10);
        dy[i] = hop.nextInt(-7, 8);
      }
      assertThat(of(run(scene, 120, t -> 235, (c, t) -> {
        if (t >= 30_000) {
          int i = (int) (t / STEP_MS);
          c.fillRect(60 + (int) ((t - 30_000) / 1000 * 6) + dx[i], 300 + dy[i], 12, 8, 30, 40, 150);
        }
      }), AlertScene.RIVER_DEBRIS)).isEmpty();
    }

    @Test
    void aWhiteBlobThatSwellsAndShrinksIsNotFoam() {
      // a glint's brightness, and so its size, changes from sample to sample; foam's does not
      int[] radius = {5, 7, 5, 7, 4, 6, 4, 6};
      assertThat(of(run(scene, 120, t -> 235, (c, t) -> {
        if (t >= 30_000) {
          int i = (int) (t / STEP_MS);
          c.fillCircle(40 + (int) ((t - 30_000) / 1000 * 10), 310, radius[i % radius.length], 240, 244, 244);
        }
      }), AlertScene.RIVER_DEBRIS)).isEmpty();
    }

    @Test
    void aWhiteBlobDriftingFarSlowerThanTheCurrentIsAGlintNotFoam() {
      List<Alert> alerts = of(run(scene, 150, t -> 235, (c, t) -> {
        if (t >= 24_000 && t <= 60_000) {
          c.fillRect((int) ((t - 24_000) / 1000 * 14), 330, 16, 8, 30, 40, 150); // a red bag shows the current
        }
        if (t >= 70_000) {
          c.fillCircle(200 + (int) ((t - 70_000) / 1000 * 1.5), 300, 3, 240, 244, 244); // a glint creeping along
        }
      }), AlertScene.RIVER_DEBRIS);
      assertThat(alerts).hasSize(1);
      assertThat(alerts.get(0).startMs()).isLessThan(40_000L);
    }

    @Test
    void aWhiteTrackThatBeginsWithAHopAndThenCreepsIsAGlintNotFoam() {
      // Before any coloured debris has shown the current: one glint, then the next one a few
      // pixels off (the tracker joins them), which then creeps along a wave band. The hop alone
      // is most of the track's travel; foam drifts steadily from the moment it is seen.
      assertThat(of(run(scene, 90, t -> 235, (c, t) -> {
        if (t == 30_000) {
          c.fillCircle(220, 282, 3, 240, 244, 244);
        } else if (t > 30_000 && t <= 60_000) {
          c.fillCircle(204 - (int) ((t - 32_000) / 1000 * 2.5), 296, 3, 240, 244, 244);
        }
      }), AlertScene.RIVER_DEBRIS)).isEmpty();
    }

    @Test
    void whiteFoamDriftingWithTheCurrentIsDebris() {
      List<Alert> alerts = of(run(scene, 150, t -> 235, (c, t) -> {
        if (t >= 24_000 && t <= 60_000) {
          c.fillRect((int) ((t - 24_000) / 1000 * 14), 330, 16, 8, 30, 40, 150);
        }
        if (t >= 70_000 && t <= 110_000) {
          c.fillCircle(20 + (int) ((t - 70_000) / 1000 * 13), 300, 5, 230, 234, 234);
        }
      }), AlertScene.RIVER_DEBRIS);
      assertThat(alerts).hasSize(2);
    }
  }

  @Nested
  class DangerZoneIntrusion {
    /** The quay above the water, with a path above it that walkers use. */
    private final Zone quay = new Zone("quay-1", Polygon.of(380, 170, 540, 170, 540, 215, 380, 215), 10.0, null);
    private final RiverScene scene = new RiverScene(WATER, List.of(quay), null, null, 28.0);

    @Test
    void aSmallPersonStandingInTheZonePastItsDwellTimeAlertsOnce() {
      List<Alert> alerts = of(run(scene, 90, t -> 235, (c, t) -> {
        if (t >= 30_000 && t <= 70_000) {
          c.figure(440 + (int) (2 * Math.sin(t / 3000.0)), 205, 34, 40, 40, 190);
        }
      }), AlertScene.RIVER_INTRUSION);
      assertThat(alerts).hasSize(1);
      Alert a = alerts.get(0);
      assertThat(a.zone()).isEqualTo("quay-1");
      assertThat(a.startMs()).isBetween(30_000L, 34_000L);
      assertThat(a.emittedMs() - a.startMs()).isGreaterThanOrEqualTo(10_000L);
    }

    @Test
    void aPersonWalkingThePathAboveTheZoneDoesNotAlert() {
      // feet 12 px above the zone's top edge, the body drawn over the zone's region for a minute
      assertThat(of(run(scene, 90, t -> 235, (c, t) -> {
        if (t >= 20_000) {
          c.figure(380 + (int) ((t - 20_000) / 1000 * 2), 158, 34, 40, 40, 190);
        }
      }), AlertScene.RIVER_INTRUSION)).isEmpty();
    }

    @Test
    void somethingLowAndWideLeftInTheZoneIsNotAPerson() {
      // a cart or a bench: new in the zone and there for a minute, but not upright
      assertThat(of(run(scene, 100, t -> 235, (c, t) -> {
        if (t >= 20_000) {
          c.fillRect(420, 190, 70, 22, 40, 120, 200);
        }
      }), AlertScene.RIVER_INTRUSION)).isEmpty();
    }
  }

  @Test
  void detectorStateOfAFullHdCameraStaysFarBelowSixteenMegabytes() {
    int w = 1920;
    int h = 1080;
    RiverScene scene = new RiverScene(Polygon.of(0, 500, w, 500, w, h, 0, h), List.of(),
        new WaterLevel(List.of(new Point(900, 480), new Point(1000, 480)), 30.0));
    Canvas canvas = new Canvas(w, h, 3);
    SplittableRandom rnd = new SplittableRandom(5);
    try (RiverDetector detector = new RiverDetector("cam-hd", scene)) {
      for (long t = 0; t <= 60_000; t += STEP_MS) {
        canvas.clear();
        canvas.fillRect(0, 500, w, h - 500, 80, 95, 70);
        for (int i = 0; i < 2000; i++) {
          canvas.fillRect(rnd.nextInt(w), 500 + rnd.nextInt(h - 500), 12, 2, 110, 125, 100);
        }
        detector.onFrame(new Frame("cam-hd", t, t, t, w, h, true, canvas.render(2.0)), t);
      }
      System.out.printf("river detector state at 1920x1080: %.2f MB%n", detector.stateBytes() / 1e6);
      assertThat(detector.stateBytes()).isLessThan(16L << 20);
    }
  }
}
