package io.gridwatch.analytics.detect.street;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwatch.analytics.detect.Detection;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.config.Polygon;
import io.gridwatch.contracts.config.StreetOccupationScene;
import io.gridwatch.contracts.config.Zone;
import io.gridwatch.ingest.sim.Canvas;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreetOccupationDetectorTest {

  private static final int W = 640;
  private static final int H = 360;
  /** A sidewalk strip in front of a shop: x 200..360, y 260..340. */
  private static final Zone SHOP_FRONT = new Zone("shop-12", Polygon.of(200, 260, 360, 260, 360, 340, 200, 340), 30.0, 0.15);
  /** A second shop front further right: x 420..560. */
  private static final Zone NEXT_DOOR = new Zone("shop-14", Polygon.of(420, 260, 560, 260, 560, 340, 420, 340), 30.0, 0.15);
  /** One sampled frame every 2 s, as a street-occupation camera sends them. */
  private static final long STEP_MS = 2_000;
  /** Goods are set out after the detector has learned the empty street (5 samples, 10 s). */
  private static final long T0_GOODS_OUT = 30_000;
  private static final StreetOccupationScene CLEAR_10S_COOLDOWN_0 =
      new StreetOccupationScene(List.of(SHOP_FRONT), 10.0, 0.0);

  private final Canvas canvas = new Canvas(W, H, 42);
  private StreetOccupationDetector detector = new StreetOccupationDetector("cam-002", CLEAR_10S_COOLDOWN_0);
  private final List<Detection> detections = new ArrayList<>();

  @AfterEach
  void close() {
    detector.close();
  }

  /** Runs {@code seconds} of footage sampled every 2 s, drawing with {@code scene(canvas, t)}. */
  private List<Alert> run(int seconds, BiConsumer<Canvas, Long> scene) {
    return runFrom(0, seconds, scene);
  }

  private List<Alert> runFrom(long fromMs, int seconds, BiConsumer<Canvas, Long> scene) {
    List<Alert> alerts = new ArrayList<>();
    for (long t = fromMs; t < fromMs + seconds * 1000L; t += STEP_MS) {
      canvas.clear();
      scene.accept(canvas, t);
      Frame frame = new Frame("cam-002", t / STEP_MS, t, t, W, H, false, canvas.render(3));
      for (Detection d : detector.onFrame(frame, t)) {
        assertThat(d.snapshotJpeg()).isNotEmpty();
        detections.add(d);
        alerts.add(d.alert());
      }
    }
    return alerts;
  }

  private static void stall(Canvas c) {
    c.fillRect(230, 270, 90, 60, 30, 140, 200); // a table with goods
  }

  private static List<Alert> occupations(List<Alert> alerts) {
    return alerts.stream().filter(a -> "occupied".equals(a.details().get("state"))).toList();
  }

  private static List<Alert> clears(List<Alert> alerts) {
    return alerts.stream().filter(a -> "cleared".equals(a.details().get("state"))).toList();
  }

  @Test
  void goodsLeftBeyondTheDwellTimeAlertOnceFromWhenTheyWereSetDown() {
    List<Alert> alerts = run(180, (c, t) -> {
      if (t >= T0_GOODS_OUT) {
        stall(c);
      }
    });
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.scene()).isEqualTo(AlertScene.STREET_OCCUPATION);
      assertThat(a.zone()).isEqualTo("shop-12");
      assertThat(a.startMs()).isEqualTo(T0_GOODS_OUT);
      assertThat(a.emittedMs()).isEqualTo(T0_GOODS_OUT + 30_000);
      assertThat(a.endMs()).isEqualTo(a.emittedMs());
      assertThat(a.details()).containsEntry("state", "occupied").containsEntry("detector", "street-occupation");
      assertThat((Double) a.details().get("coverage")).isGreaterThan(0.15);
      assertThat(a.confidence()).isBetween(0.5, 0.99);
      @SuppressWarnings("unchecked")
      List<Integer> region = (List<Integer>) a.details().get("region");
      assertThat(region).hasSize(4);
      assertThat(region.get(0)).isBetween(222, 238); // the stall's box, at full resolution
      assertThat(region.get(2)).isBetween(82, 98);
    });
  }

  @Test
  void whenTheGoodsAreTakenInTheZoneIsReportedClearOnceSpanningTheEpisode() {
    List<Alert> alerts = run(140, (c, t) -> {
      if (t >= T0_GOODS_OUT && t < 90_000) {
        stall(c);
      }
    });
    assertThat(occupations(alerts)).hasSize(1);
    Alert occupied = occupations(alerts).get(0);
    assertThat(clears(alerts)).singleElement().satisfies(cleared -> {
      assertThat(cleared.zone()).isEqualTo("shop-12");
      assertThat(cleared.startMs()).isEqualTo(T0_GOODS_OUT);
      assertThat(cleared.endMs()).isEqualTo(90_000); // the first sample without the goods
      assertThat(cleared.emittedMs()).isEqualTo(100_000); // after clearSeconds of clear samples
      assertThat(cleared.alertId()).isNotEqualTo(occupied.alertId())
          .isEqualTo(Alert.idFor("cam-002", AlertScene.STREET_OCCUPATION, "shop-12", 90_000));
      assertThat(cleared.details()).containsEntry("occupationAlertId", occupied.alertId())
          .containsEntry("occupiedSeconds", 60.0);
    });
  }

  @Test
  void aNewEpisodeAfterClearingAlertsAgain() {
    List<Alert> alerts = run(260, (c, t) -> {
      if ((t >= T0_GOODS_OUT && t < 90_000) || t >= 150_000) {
        stall(c);
      }
    });
    assertThat(occupations(alerts)).extracting(Alert::startMs).containsExactly(T0_GOODS_OUT, 150_000L);
    assertThat(clears(alerts)).hasSize(1);
  }

  @Test
  void theNextGoodsSetDownBeforeTheZoneIsSeenClearForLongStartANewEpisode() {
    // The table goes in at 90 s and a stall is set down 6 s later: too short a gap to be seen
    // clear for clearSeconds (10 s), but what stands there now arrived after the table left.
    List<Alert> alerts = run(200, (c, t) -> {
      if (t >= T0_GOODS_OUT && t < 90_000) {
        stall(c);
      } else if (t >= 96_000) {
        c.fillRect(250, 275, 80, 50, 180, 60, 40); // another vendor's stall
      }
    });
    assertThat(occupations(alerts)).extracting(Alert::startMs).containsExactly(T0_GOODS_OUT, 96_000L);
    assertThat(clears(alerts)).singleElement().satisfies(cleared -> {
      assertThat(cleared.startMs()).isEqualTo(T0_GOODS_OUT);
      assertThat(cleared.endMs()).isEqualTo(90_000); // the first sample without the table
    });
  }

  @Test
  void goodsBridgedWithABicycleAtTheCurbInFrontCountInTheirOwnColumns() {
    // The bicycle stands on the road in front of the zone (its wheels below the zone's edge) and
    // touches the goods in the image, so both are one region, mostly the bicycle's columns.
    List<Alert> alerts = run(140, (c, t) -> {
      if (t >= T0_GOODS_OUT) {
        c.fillRect(205, 270, 50, 60, 30, 140, 200); // goods standing in the zone
        c.fillRect(255, 300, 110, 55, 40, 40, 150); // the bicycle, its foot at y 355
      }
    });
    assertThat(occupations(alerts)).singleElement().satisfies(a -> {
      assertThat(a.startMs()).isEqualTo(T0_GOODS_OUT);
      @SuppressWarnings("unchecked")
      List<Integer> region = (List<Integer>) a.details().get("region");
      assertThat(region.get(0)).isBetween(195, 215);
    });
  }

  @Test
  void aRackWhoseClothesHangAboveTheZoneCountsByTheShadowItCastsInIt() {
    // In the image the clothes hang above the zone's far edge; what they cover of the zone's
    // pavement is their own shadow, a few pixels below them.
    List<Alert> alerts = run(140, (c, t) -> {
      if (t >= T0_GOODS_OUT) {
        c.fillRect(230, 205, 90, 45, 160, 60, 200); // clothes, bottom at y 250
        darken(c, 230, 264, 90, 28, 0.6); // their shadow on the zone's pavement
      }
    });
    assertThat(occupations(alerts)).singleElement().extracting(Alert::startMs).isEqualTo(T0_GOODS_OUT);
  }

  @Test
  void anEpisodeGoesOnWhileHalfOfItsCoverageStaysAndAlertsOnTime() {
    // The stall covers 0.34 of the zone (minCoverage 0.15); 10 s later most of it is taken in and
    // a corner covering 0.10 stays: the same goods, on the lower bar of an episode under way.
    List<Alert> alerts = run(140, (c, t) -> {
      if (t >= T0_GOODS_OUT && t < 50_000) {
        c.fillRect(210, 262, 140, 40, 30, 140, 200);
      } else if (t >= 50_000) {
        c.fillRect(210, 262, 40, 40, 30, 140, 200);
      }
    });
    assertThat(occupations(alerts)).singleElement().satisfies(a -> {
      assertThat(a.startMs()).isEqualTo(T0_GOODS_OUT);
      assertThat(a.emittedMs()).isEqualTo(T0_GOODS_OUT + 30_000);
    });
  }

  @Test
  void aNewThingBelowMinCoverageDoesNotAlert() {
    assertThat(run(140, (c, t) -> {
      if (t >= T0_GOODS_OUT) {
        c.fillRect(210, 262, 40, 40, 30, 140, 200); // 0.10 of the zone, minCoverage 0.15
      }
    })).isEmpty();
  }

  @Test
  void goodsTakenInBeforeTheDwellTimeDoNotAlertNorReportClear() {
    assertThat(run(140, (c, t) -> {
      if (t >= T0_GOODS_OUT && t < 50_000) {
        stall(c);
      }
    })).isEmpty();
  }

  @Test
  void theCooldownHoldsBackASecondAlertSoonAfterTheFirst() {
    detector.close();
    detector = new StreetOccupationDetector("cam-002", new StreetOccupationScene(List.of(SHOP_FRONT), 4.0, 120.0));
    List<Alert> alerts = run(260, (c, t) -> {
      if ((t >= T0_GOODS_OUT && t < 70_000) || t >= 80_000) {
        stall(c);
      }
    });
    // First alert at 60 s; the goods come back at 80 s and would alert at 110 s, held to 180 s.
    assertThat(occupations(alerts)).extracting(Alert::emittedMs).containsExactly(60_000L, 180_000L);
  }

  @Test
  void peopleWalkingThroughTheZoneOneAfterAnotherDoNotAlert() {
    assertThat(run(180, (c, t) -> {
      long s = t / 1000;
      // a steady stream of passers-by, somewhere else in every sample
      c.person(190 + (int) ((s * 37) % 180), 335, 70, 40, 40, 160);
      c.person(360 - (int) ((s * 53) % 170), 320, 66, 160, 60, 40);
    })).isEmpty();
  }

  @Test
  void aCarStoppedOnTheRoadInFrontOfTheZoneDoesNotCount() {
    // The car hides the zone's lower half in the image, but its wheels stand below the zone.
    assertThat(run(180, (c, t) -> {
      if (t >= T0_GOODS_OUT) {
        c.fillRect(180, 300, 220, 60, 40, 40, 150);
      }
    })).isEmpty();
  }

  @Test
  void somethingNextDoorAlertsForThatZoneOnly() {
    detector.close();
    detector = new StreetOccupationDetector("cam-002", new StreetOccupationScene(List.of(SHOP_FRONT, NEXT_DOOR)));
    List<Alert> alerts = run(120, (c, t) -> {
      if (t >= T0_GOODS_OUT) {
        c.fillRect(450, 270, 90, 60, 30, 140, 200);
      }
    });
    assertThat(alerts).singleElement().extracting(Alert::zone).isEqualTo("shop-14");
  }

  @Test
  void slowLightChangesAndASuddenOneDoNotAlert() {
    assertThat(run(300, (c, t) -> {
      double dusk = 1.0 - 0.35 * Math.min(1.0, t / 200_000.0); // light falling by a third
      c.brightness(t >= 250_000 ? 1.4 : dusk); // then street lights switch on
    })).isEmpty();
  }

  @Test
  void aShadowStandingOverTheZoneDoesNotAlert() {
    assertThat(run(180, (c, t) -> {
      if (t >= T0_GOODS_OUT) {
        darken(c, 190, 250, 200, 100, 0.7); // an awning's shadow, darker but the same colours
      }
    })).isEmpty();
  }

  @Test
  void aBusHidingMostOfTheViewForAMomentNeitherAlertsNorEndsTheEpisode() {
    List<Alert> alerts = run(180, (c, t) -> {
      if (t >= T0_GOODS_OUT) {
        stall(c);
      }
      if (t % 20_000 == 0 && t > 0) {
        c.fillRect(0, 40, W, 320, 230, 230, 235); // a white bus right in front of the camera
      }
    });
    assertThat(alerts).singleElement().extracting(Alert::startMs).isEqualTo(T0_GOODS_OUT);
  }

  @Test
  void aChangedViewThatLastsIsLearnedAfreshWithoutAlerting() {
    assertThat(run(240, (c, t) -> {
      if (t >= 60_000) {
        c.fillRect(0, 0, W, 300, 90, 60, 40); // the camera was turned: a different picture
      }
    })).isEmpty();
  }

  @Test
  void goodsDuringADuskRampStillAlert() {
    List<Alert> alerts = run(180, (c, t) -> {
      if (t >= T0_GOODS_OUT) {
        stall(c);
      }
      c.brightness(1.0 - 0.3 * t / 180_000.0);
    });
    assertThat(occupations(alerts)).singleElement().extracting(Alert::startMs).isEqualTo(T0_GOODS_OUT);
  }

  @Test
  void theSnapshotShowsTheFrameBesideTheEmptyReference() {
    run(70, (c, t) -> {
      if (t >= T0_GOODS_OUT) {
        stall(c);
      }
    });
    assertThat(detections).hasSize(1);
    byte[] jpeg = detections.get(0).snapshotJpeg();
    try (Mat buf = new Mat(1, jpeg.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1)) {
      buf.data().put(jpeg);
      try (Mat img = opencv_imgcodecs.imdecode(buf, opencv_imgcodecs.IMREAD_COLOR)) {
        assertThat(img.cols()).isEqualTo(2 * W);
        assertThat(img.rows()).isEqualTo(H);
        // The reference panel shows the empty pavement where the stall stands in the frame.
        var idx = img.<org.bytedeco.javacpp.indexer.UByteIndexer>createIndexer();
        int frameRed = idx.get(300, 275, 2), referenceRed = idx.get(300, W + 275, 2);
        idx.close();
        assertThat(frameRed).isGreaterThan(150); // the stall's red channel (200)
        assertThat(referenceRed).isLessThan(150);
      }
    }
  }

  @Test
  void retuningKeepsTheEpisodesOfUnchangedZonesAndForgetsRemovedOnes() {
    detector.close();
    detector = new StreetOccupationDetector("cam-002", new StreetOccupationScene(List.of(SHOP_FRONT, NEXT_DOOR)));
    run(40, (c, t) -> {
      if (t >= T0_GOODS_OUT) {
        stall(c);
      }
    });
    detector.retune(new StreetOccupationScene(List.of(SHOP_FRONT)));
    assertThat(detector.zonesWithState()).containsExactly("shop-12");
    List<Alert> alerts = runFrom(40_000, 40, (c, t) -> stall(c));
    // The episode that began before the retune goes on: it alerts at 60 s, from 30 s.
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.startMs()).isEqualTo(T0_GOODS_OUT);
      assertThat(a.emittedMs()).isEqualTo(60_000);
    });
  }

  @Test
  void detectorStateAt1080pStaysUnderEightMegabytes() {
    StreetOccupationDetector hd = new StreetOccupationDetector("cam-009",
        new StreetOccupationScene(List.of(SHOP_FRONT, NEXT_DOOR)));
    byte[] frame = new byte[1920 * 1080 * 3];
    for (int i = 0; i < 3; i++) {
      hd.onFrame(new Frame("cam-009", i, i * 5000L, i * 5000L, 1920, 1080, true, frame), i * 5000L);
    }
    assertThat(hd.stateBytes()).isBetween(1_000_000L, 8L * 1024 * 1024);
    hd.close();
  }

  @Test
  void settingsOutOfRangeNameTheSetting() {
    assertThatThrownBy(() -> new StreetOccupationDetector.Settings(480, 300, 10, 60, 3600, 0.6, 20, 5, true))
        .hasMessageContaining("diffThreshold");
  }

  private static void darken(Canvas c, int x, int y, int w, int h, double factor) {
    // Canvas has no local shading; draw the shadow as the background scaled per pixel.
    c.shade(x, y, w, h, factor);
  }
}
