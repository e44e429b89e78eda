package io.gridwatch.analytics.detect.throwing;

import static io.gridwatch.analytics.detect.throwing.FacadeFootage.FACADE;
import static io.gridwatch.analytics.detect.throwing.FacadeFootage.G;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.analytics.detect.Detection;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.alert.Alert;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The throwing detector on facade footage drawn in memory, one nuisance class per test. */
class ThrowingDetectorTest {

  private static final long FRAME_MS = 40;
  private final FacadeFootage footage = new FacadeFootage();
  private final ThrowingDetector detector = new ThrowingDetector("cam-t", FacadeFootage.SCENE);

  @AfterEach
  void close() {
    detector.close();
  }

  /** Something drawn into each frame at time t seconds. */
  interface Scene {
    void draw(FacadeFootage f, double t);
  }

  private List<Alert> run(double seconds, Scene scene) {
    return run(seconds, scene, false);
  }

  /** @param yuv hand the detector I420 frames, as the FFmpeg decoder does */
  private List<Alert> run(double seconds, Scene scene, boolean yuv) {
    List<Alert> alerts = new ArrayList<>();
    int frames = (int) Math.round(seconds * 1000 / FRAME_MS);
    for (int i = 0; i < frames; i++) {
      long tMs = i * FRAME_MS;
      footage.frame();
      scene.draw(footage, tMs / 1000.0);
      Frame frame = new Frame("cam-t", i, tMs, tMs, FacadeFootage.W, FacadeFootage.H, i % 50 == 0, footage.render());
      if (yuv) {
        frame = io.gridwatch.analytics.vision.YuvFrames.of(frame);
      }
      for (Detection d : detector.onFrame(frame, tMs)) {
        assertThat(d.snapshotJpeg()).isNotEmpty();
        alerts.add(d.alert());
      }
    }
    return alerts;
  }

  /** A heavy object dropped at {@code t0} from the sill of (floor, col), with sideways speed vx. */
  private static Scene drop(double t0, int floor, int col, double vx, int radiusPx) {
    return falling(t0, floor, col, vx, G, (f, u, v) -> f.at(u, v, radiusPx, 30, 60, 200));
  }

  /** Draws a falling object at facade position (u, v). */
  interface Look {
    void draw(FacadeFootage f, double u, double v);
  }

  /**
   * An object released at {@code t0} from the sill of (floor, col) with sideways speed vx,
   * accelerating at {@code accel} until it reaches the foot of the facade, drawn by {@code look}.
   */
  private static Scene falling(double t0, int floor, int col, double vx, double accel, Look look) {
    double[] s = FacadeFootage.sill(floor, col);
    return (f, t) -> {
      double dt = t - t0;
      double v = s[1] + 0.5 * accel * dt * dt;
      if (dt >= 0 && v < FACADE.heightMeters()) {
        look.draw(f, s[0] + vx * dt, v);
      }
    };
  }

  @Test
  void aBottleDroppedFromTheSeventhFloorThirdColumnIsReportedWithItsWindow() {
    List<Alert> alerts = run(4, drop(1.0, 7, 3, 0.4, 5));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.details()).containsEntry("originFloor", 7).containsEntry("originColumn", 3);
      assertThat(a.confidence()).isGreaterThan(0.5);
      assertThat(a.startMs()).isBetween(800L, 1_300L);
      assertThat(a.emittedMs() - a.endMs()).isLessThanOrEqualTo(1_500);
      assertThat((List<?>) a.details().get("trajectory")).hasSizeGreaterThan(5);
    });
  }

  @Test
  void aFallStillFollowedWhenTheVideoEndsIsJudgedAtTheEnd() {
    // The bottle lands at 2.96 s and the file ends at 3.0 s, before the track's coasting frames
    // have run out: nothing is reported on the frames, the end of the stream reports it.
    assertThat(run(3.0, drop(1.0, 7, 3, 0.4, 5))).isEmpty();
    assertThat(detector.endOfStream(2_960)).singleElement().satisfies(
        d -> assertThat(d.alert().details()).containsEntry("originFloor", 7).containsEntry("originColumn", 3));
    assertThat(detector.endOfStream(2_960)).isEmpty();
  }

  @Test
  void theDecodersYuvFramesGiveTheSameReportAsBgrFrames() {
    List<Alert> alerts = run(4, drop(1.0, 7, 3, 0.4, 5), true);
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.details()).containsEntry("originFloor", 7).containsEntry("originColumn", 3);
      assertThat(a.confidence()).isGreaterThan(0.5);
      assertThat(a.startMs()).isBetween(800L, 1_300L);
    });
  }

  @Test
  void dropsFromHighAndLowFloorsAndOuterColumnsNameTheirWindows() {
    for (int[] fc : new int[][] {{11, 1}, {4, 6}, {9, 5}}) {
      ThrowingDetector d = new ThrowingDetector("cam-t", FacadeFootage.SCENE);
      List<Alert> alerts = new ArrayList<>();
      Scene scene = drop(0.6, fc[0], fc[1], -0.3, 4);
      for (int i = 0; i < 100; i++) {
        long tMs = i * FRAME_MS;
        footage.frame();
        scene.draw(footage, tMs / 1000.0);
        d.onFrame(new Frame("cam-t", i, tMs, tMs, FacadeFootage.W, FacadeFootage.H, false, footage.render()), tMs)
            .forEach(x -> alerts.add(x.alert()));
      }
      d.close();
      assertThat(alerts).as("drop from floor %d column %d", fc[0], fc[1]).singleElement()
          .satisfies(a -> assertThat(a.details()).containsEntry("originFloor", fc[0]).containsEntry("originColumn", fc[1]));
    }
  }

  @Test
  void aBottleWhoseBlobSplitsLowDownIsReportedOnceFromItsWindow() {
    // Low down, for a third of a second, the bottle shows as two blobs side by side (the bottle
    // and the smear of its motion): the second is followed by a young track of its own, which
    // ends first and, judged alone, names a floor far below the window.
    Scene split = falling(0.8, 10, 3, 0.3, G, (f, u, v) -> {
      f.at(u, v, 6, 30, 60, 200);
      if (v > 26 && v < 31) { // a third of a second, as in the footage where this was found
        f.at(u + 1.2, v, 5, 30, 60, 200);
      }
    });
    assertThat(run(4, split)).singleElement().satisfies(
        a -> assertThat(a.details()).containsEntry("originFloor", 10).containsEntry("originColumn", 3));
  }

  @Test
  void aBottleAsDarkAsTheWindowsIsFollowedAcrossEveryWindowRowItVanishesIn() {
    // The bottle has the panes' colour: it shows only against the wall between window rows and
    // vanishes for up to six frames over each pane, as a dark bag does against dark glass.
    Scene darkBottle = falling(0.8, 9, 2, 0.3, G, (f, u, v) -> f.at(u, v, 6, 60, 60, 70));
    assertThat(run(4, darkBottle)).singleElement().satisfies(a -> {
      assertThat(a.details()).containsEntry("originFloor", 9).containsEntry("originColumn", 2);
      assertThat(a.confidence()).isGreaterThan(0.5);
    });
  }

  @Test
  void aBirdFlyingLevelAcrossTheFacadeIsNotAFall() {
    assertThat(run(4, (f, t) -> f.at(1 + 8 * t, 12, 6, 40, 40, 40))).isEmpty();
  }

  @Test
  void aBirdRisingIsNotAFall() {
    assertThat(run(4, (f, t) -> f.at(2 + 5 * t, 30 - 4 * t, 6, 40, 40, 40))).isEmpty();
  }

  @Test
  void aBirdGlidingDownFastAndSidewaysIsNotAFall() {
    assertThat(run(4, (f, t) -> f.at(1 + 7 * t, 6 + 2.5 * t, 6, 40, 40, 40))).isEmpty();
  }

  @Test
  void aTissueDriftingDownIsReportedWithLowConfidence() {
    double[] s = FacadeFootage.sill(4, 4);
    List<Alert> alerts = run(10, (f, t) -> {
      double v = s[1] + 1.2 * t;
      if (v < FACADE.heightMeters()) {
        f.at(s[0] + 0.6 * Math.sin(t * 2), v, 4, 235, 235, 235);
      }
    });
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.confidence()).isLessThanOrEqualTo(0.3);
      assertThat(a.details()).containsEntry("class", "light-object");
    });
  }

  @Test
  void aWindowLightSwitchingOnAndOffIsNotAFall() {
    assertThat(run(6, (f, t) -> {
      if (((int) t) % 2 == 1) {
        f.window(6, 2, 120, 220, 250);
      }
    })).isEmpty();
  }

  @Test
  void laundrySwayingOnASillIsNotAFall() {
    double[] s = FacadeFootage.sill(5, 5);
    assertThat(run(6, (f, t) -> f.at(s[0] + 0.5 * Math.sin(t * 3), s[1] + 0.3 + 0.2 * Math.cos(t * 3), 7, 200, 80, 60)))
        .isEmpty();
  }

  @Test
  void anInsectNearTheLensIsNotAFall() {
    assertThat(run(5, (f, t) -> f.canvas().fillCircle((int) (600 + 150 * Math.sin(t * 5)),
        (int) (300 + 120 * Math.cos(t * 7)), 45, 20, 20, 20))).isEmpty();
  }

  @Test
  void rainIsNotAFall() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
    assertThat(run(4, (f, t) -> {
      for (int k = 0; k < 150; k++) {
        int x = rnd.nextInt(FacadeFootage.W);
        int y = rnd.nextInt(FacadeFootage.H - 20);
        f.canvas().fillRect(x, y, 1, 12, 210, 210, 210);
      }
    })).isEmpty();
  }

  @Test
  void aBagFallingThroughRainIsStillReported() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(4);
    Scene bag = drop(1.0, 8, 2, 0.3, 7);
    List<Alert> alerts = run(4, (f, t) -> {
      for (int k = 0; k < 400; k++) { // enough streaks to leave the raw frame unusable
        int x = rnd.nextInt(FacadeFootage.W);
        int y = rnd.nextInt(FacadeFootage.H - 20);
        f.canvas().fillRect(x, y, 1, 12, 210, 210, 210);
      }
      bag.draw(f, t);
    });
    assertThat(alerts).singleElement().satisfies(
        a -> assertThat(a.details()).containsEntry("originFloor", 8).containsEntry("originColumn", 2));
  }

  @Test
  void aFallJustAfterTheViewChangedForGoodIsReported() {
    // A floodlight comes on over the lower facade and stays on: the old background is out of date
    // for seconds (its time constant is 5 s), but the view is steady again at once, so the
    // background restarts from it and the fall that follows is seen.
    Scene bottle = drop(1.5, 9, 4, 0.2, 6);
    List<Alert> alerts = run(5, (f, t) -> {
      if (t >= 1.2) {
        f.canvas().fillRect(0, 420, FacadeFootage.W, 110, 235, 235, 235);
      }
      bottle.draw(f, t);
    });
    assertThat(alerts).singleElement().satisfies(
        a -> assertThat(a.details()).containsEntry("originFloor", 9).containsEntry("originColumn", 4));
  }

  @Test
  void aBagFromTheSecondFloorSeenLandingIsAFallThoughItDropsLessThanTwoFloors() {
    // A bag falls with drag (half of g) from a second-floor sill: 3.9 m to the foot of the facade.
    Scene bag = falling(1.0, 2, 5, 0.2, 0.5 * G, (f, u, v) -> f.at(u, v, 8, 40, 40, 150));
    assertThat(run(4, bag)).singleElement().satisfies(
        a -> assertThat(a.details()).containsEntry("originFloor", 2).containsEntry("originColumn", 5));
  }

  @Test
  void aShortCameraShakeIsNotAFall() {
    assertThat(run(4, (f, t) -> {
      if (t > 1 && t < 2) {
        f.canvas().fillRect(0, 0, FacadeFootage.W, (int) (40 * Math.abs(Math.sin(t * 40))), 0, 0, 0);
        f.exposure(0.8 + 0.2 * Math.abs(Math.sin(t * 30)));
      }
    })).isEmpty();
  }

  @Test
  void anExposureChangeIsNotAFall() {
    assertThat(run(4, (f, t) -> f.exposure(t < 2 ? 1.0 : 1.3))).isEmpty();
  }

  @Test
  void costPerFrameIsPrinted() {
    // Not a timed test: prints the detector's cost so that a regression is visible in the log.
    footage.frame();
    byte[] still = footage.render();
    long t0 = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      detector.onFrame(new Frame("cam-t", i, i * FRAME_MS, i * FRAME_MS, FacadeFootage.W, FacadeFootage.H, false, still),
          i * FRAME_MS);
    }
    System.err.printf("throwing detector: %.2f ms per 1280x720 frame%n", (System.nanoTime() - t0) / 1e6 / 100);
    assertThat(detector.liveTracks()).isZero();
  }

  @Test
  void theDetectorKeepsNoTracksOnceTheCameraGoesQuiet() {
    run(3, drop(0.5, 6, 2, 0, 5));
    run(1, (f, t) -> { });
    assertThat(detector.liveTracks()).isZero();
  }
}
