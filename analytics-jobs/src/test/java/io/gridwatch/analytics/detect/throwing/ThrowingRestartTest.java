package io.gridwatch.analytics.detect.throwing;

import static io.gridwatch.analytics.detect.throwing.FacadeFootage.FACADE;
import static io.gridwatch.analytics.detect.throwing.FacadeFootage.G;
import static io.gridwatch.analytics.job.AnalyticsHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.analytics.job.AnalyticsHarness;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.contracts.config.SceneKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A throwing camera in the keyed function on RocksDB, restarted from a checkpoint around falls: no
 * fall is reported twice, and none is lost.
 */
class ThrowingRestartTest {

  private static final long FRAME_MS = 40;
  private static final String CAMERA = "cam-t";
  private static final SceneConfig SCENE = new SceneConfig(CAMERA, "g-1", SceneKind.THROWING, null,
      FacadeFootage.SCENE, null, null);

  private final FacadeFootage footage = new FacadeFootage();
  private AnalyticsHarness harness;

  /** Something drawn into each frame at time t seconds. */
  interface Scene {
    void draw(FacadeFootage f, double t);
  }

  @BeforeEach
  void start() throws Exception {
    harness = AnalyticsHarness.start(Duration.ofMinutes(10));
    harness.setUp(SCENE);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void run(double fromS, double toS, Scene scene) throws Exception {
    for (long tMs = Math.round(fromS * 1000); tMs < Math.round(toS * 1000); tMs += FRAME_MS) {
      footage.frame();
      scene.draw(footage, tMs / 1000.0);
      harness.frame(new Frame(CAMERA, tMs / FRAME_MS, tMs, T0 + tMs, FacadeFootage.W, FacadeFootage.H, false,
          footage.render()));
    }
  }

  /**
   * An object dropped at {@code t0} from the sill of (floor, col), hidden between {@code hideFrom}
   * and {@code hideTo} seconds after the release (behind an awning), or never if those are equal.
   */
  private static Scene drop(double t0, int floor, int col, double hideFrom, double hideTo) {
    double[] s = FacadeFootage.sill(floor, col);
    return (f, t) -> {
      double dt = t - t0;
      double v = s[1] + 0.5 * G * dt * dt;
      boolean hidden = dt >= hideFrom && dt < hideTo;
      if (dt >= 0 && v < FACADE.heightMeters() && !hidden) {
        f.at(s[0] + 0.3 * dt, v, 5, 30, 60, 200);
      }
    };
  }

  private static Scene both(Scene a, Scene b) {
    return (f, t) -> {
      a.draw(f, t);
      b.draw(f, t);
    };
  }

  private static void restartSetsTheCameraUpAgain(AnalyticsHarness h) throws Exception {
    h.restartFromCheckpoint();
    h.setUp(SCENE); // the source sets the camera up again after a restart
    h.status(CAMERA, true);
  }

  @Test
  void aFallReportedBeforeARestartIsNotReportedAgainWhileANewFallAfterItIs() throws Exception {
    Scene first = drop(0.5, 11, 3, 0, 0);
    run(0, 3.6, first);
    assertThat(harness.alerts()).singleElement().satisfies(a ->
        assertThat(a.details()).containsEntry("originFloor", 11).containsEntry("originColumn", 3));

    restartSetsTheCameraUpAgain(harness);
    run(3.6, 8, both(first, drop(4.5, 8, 5, 0, 0)));

    assertThat(harness.alertsSinceRestart()).singleElement().satisfies(a -> {
      assertThat(a.details()).containsEntry("originFloor", 8).containsEntry("originColumn", 5);
      assertThat(a.startMs()).isGreaterThan(T0 + 4_000);
    });
  }

  @Test
  void aFallAlmostOverAtARestartIsStillReportedOnceWithItsWindow() throws Exception {
    Scene fall = drop(1.0, 10, 2, 0, 0);
    run(0, 3.1, fall); // 2.1 s into the fall: two floors above the ground, too little to judge alone
    assertThat(harness.alerts()).isEmpty();

    restartSetsTheCameraUpAgain(harness);
    run(3.1, 5, fall);

    assertThat(harness.alerts()).singleElement().satisfies(a -> {
      assertThat(a.details()).containsEntry("originFloor", 10).containsEntry("originColumn", 2);
      assertThat(a.startMs()).isBetween(T0 + 800, T0 + 1_300);
    });
  }
}
