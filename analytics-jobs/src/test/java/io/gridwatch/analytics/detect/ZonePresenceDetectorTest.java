package io.gridwatch.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.config.Polygon;
import io.gridwatch.contracts.config.Zone;
import io.gridwatch.ingest.sim.Canvas;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ZonePresenceDetectorTest {

  private static final int W = 640;
  private static final int H = 360;
  /** A sidewalk strip in front of a shop: x 200..360, y 260..340. */
  private static final Zone SHOP_FRONT = new Zone("shop-12", Polygon.of(200, 260, 360, 260, 360, 340, 200, 340), 10.0, 0.15);
  private static final long STEP_MS = 1000;

  private final Canvas canvas = new Canvas(W, H, 42);
  private final ZonePresenceDetector detector = new ZonePresenceDetector("cam-002", AlertScene.STREET_OCCUPATION,
      List.of(SHOP_FRONT), ZonePresenceDetector.Settings.staticObjects());

  @AfterEach
  void close() {
    detector.close();
  }

  /** Runs {@code seconds} of one-frame-per-second footage, drawing with {@code scene(canvas, t)}. */
  private List<Alert> run(int seconds, BiConsumer<Canvas, Long> scene) {
    List<Alert> alerts = new ArrayList<>();
    for (int s = 0; s < seconds; s++) {
      long t = s * STEP_MS;
      canvas.clear();
      scene.accept(canvas, t);
      Frame frame = new Frame("cam-002", s, t, t, W, H, s == 0, canvas.render(3));
      detector.onFrame(frame, t).forEach(d -> {
        assertThat(d.snapshotJpeg()).isNotEmpty();
        alerts.add(d.alert());
      });
    }
    return alerts;
  }

  private static void stall(Canvas c) {
    c.fillRect(230, 270, 90, 60, 30, 140, 200); // a table with goods
  }

  @Test
  void goodsLeftBeyondTheDwellTimeAlertOnceWithTheEpisodeStart() {
    List<Alert> alerts = run(60, (c, t) -> {
      if (t >= 5_000) {
        stall(c);
      }
    });
    assertThat(alerts).hasSize(1);
    Alert a = alerts.get(0);
    assertThat(a.scene()).isEqualTo(AlertScene.STREET_OCCUPATION);
    assertThat(a.zone()).isEqualTo("shop-12");
    assertThat(a.startMs()).isEqualTo(5_000);
    assertThat(a.emittedMs()).isEqualTo(15_000);
    assertThat(a.endMs()).isEqualTo(a.emittedMs());
    assertThat(a.confidence()).isBetween(0.5, 0.99);
    assertThat((Double) a.details().get("coverage")).isGreaterThan(0.15);
  }

  @Test
  void goodsRemovedBeforeTheDwellTimeDoNotAlert() {
    assertThat(run(40, (c, t) -> {
      if (t >= 5_000 && t < 12_000) {
        stall(c);
      }
    })).isEmpty();
  }

  @Test
  void aNewEpisodeAfterTheZoneClearedAlertsAgain() {
    List<Alert> alerts = run(80, (c, t) -> {
      if ((t >= 5_000 && t < 25_000) || t >= 45_000) {
        stall(c);
      }
    });
    assertThat(alerts).extracting(Alert::startMs).containsExactly(5_000L, 45_000L);
    assertThat(alerts.get(0).alertId()).isNotEqualTo(alerts.get(1).alertId());
  }

  @Test
  void aPedestrianWalkingThroughDoesNotAlert() {
    assertThat(run(60, (c, t) -> {
      long s = t / 1000;
      if (s >= 5 && s < 9) {
        c.person(180 + (int) (s - 5) * 60, 330, 70, 40, 40, 160);
      }
    })).isEmpty();
  }

  @Test
  void aPasserByJustBeforeTheGoodsDoesNotMoveTheEpisodeStart() {
    List<Alert> alerts = run(40, (c, t) -> {
      long s = t / 1000;
      if (s >= 2 && s < 5) {
        c.person(200 + (int) (s - 2) * 50, 335, 70, 40, 40, 160);
      }
      if (t >= 6_000) {
        stall(c);
      }
    });
    assertThat(alerts).singleElement().extracting(Alert::startMs).isEqualTo(6_000L);
  }

  @Test
  void inPresenceModeSomeoneMovingAboutInsideTheZoneAlerts() {
    ZonePresenceDetector presence = new ZonePresenceDetector("cam-003", AlertScene.RIVER_INTRUSION,
        List.of(new Zone("bank-east", SHOP_FRONT.polygon(), 10.0, 0.05)), ZonePresenceDetector.Settings.presence());
    Canvas c = new Canvas(W, H, 9);
    List<Alert> alerts = new ArrayList<>();
    for (int s = 0; s < 30; s++) {
      long t = s * STEP_MS;
      c.clear();
      if (s >= 5) {
        c.person(220 + (s % 4) * 30, 335, 70, 40, 220, 240); // pacing to and fro inside the zone
      }
      presence.onFrame(new Frame("cam-003", s, t, t, W, H, false, c.render(3)), t).forEach(d -> alerts.add(d.alert()));
    }
    presence.close();
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.scene()).isEqualTo(AlertScene.RIVER_INTRUSION);
      assertThat(a.startMs()).isEqualTo(5_000L);
    });
  }

  @Test
  void withFiveSecondSamplingAPasserBySeenOnceNeverCountsButGoodsDo() {
    ZonePresenceDetector sparse = new ZonePresenceDetector("cam-002", AlertScene.STREET_OCCUPATION,
        List.of(new Zone("shop-12", SHOP_FRONT.polygon(), 30.0, 0.15)), ZonePresenceDetector.Settings.staticObjects());
    Canvas c = new Canvas(W, H, 11);
    List<Alert> alerts = new ArrayList<>();
    for (int s = 0; s < 40; s++) {
      long t = s * 5_000L;
      c.clear();
      if (s % 3 == 1) {
        c.person(260, 335, 70, 40, 40, 160); // someone in the zone in every third sample, never twice running
      }
      if (s >= 20) {
        stall(c);
      }
      sparse.onFrame(new Frame("cam-002", s, t, t, W, H, false, c.render(3)), t).forEach(d -> alerts.add(d.alert()));
    }
    sparse.close();
    assertThat(alerts).singleElement().extracting(Alert::startMs).isEqualTo(100_000L); // seen at 100 s, counted at 105 s
  }

  @Test
  void somethingOutsideTheZoneDoesNotAlert() {
    assertThat(run(40, (c, t) -> {
      if (t >= 5_000) {
        c.fillRect(450, 270, 90, 60, 30, 140, 200);
      }
    })).isEmpty();
  }

  @Test
  void aSuddenLightChangeDoesNotAlert() {
    assertThat(run(40, (c, t) -> {
      if (t >= 5_000) {
        c.brightness(1.5);
      }
    })).isEmpty();
  }

  @Test
  void sameFramesGiveTheSameAlertIds() {
    List<Alert> first = run(30, (c, t) -> {
      if (t >= 5_000) {
        stall(c);
      }
    });
    ZonePresenceDetector again = new ZonePresenceDetector("cam-002", AlertScene.STREET_OCCUPATION,
        List.of(SHOP_FRONT), ZonePresenceDetector.Settings.staticObjects());
    Canvas c2 = new Canvas(W, H, 42);
    List<String> ids = new ArrayList<>();
    for (int s = 0; s < 30; s++) {
      long t = s * STEP_MS;
      c2.clear();
      if (t >= 5_000) {
        stall(c2);
      }
      again.onFrame(new Frame("cam-002", s, t, t, W, H, false, c2.render(3)), t)
          .forEach(d -> ids.add(d.alert().alertId()));
    }
    again.close();
    assertThat(ids).isEqualTo(first.stream().map(Alert::alertId).toList()).hasSize(1);
  }
}
