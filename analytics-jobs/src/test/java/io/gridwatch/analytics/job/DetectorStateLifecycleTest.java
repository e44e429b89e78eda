package io.gridwatch.analytics.job;

import static io.gridwatch.analytics.job.AnalyticsHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.config.Polygon;
import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.contracts.config.SceneKind;
import io.gridwatch.contracts.config.StreetOccupationScene;
import io.gridwatch.contracts.config.Zone;
import io.gridwatch.ingest.sim.Canvas;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every piece of a camera's detector state has a way out: quiet, removed, no scene. */
class DetectorStateLifecycleTest {

  private static final int W = 320;
  private static final int H = 180;
  private static final String CAMERA = "cam-7";
  private static final Duration QUIET = Duration.ofMinutes(2);
  private static final SceneConfig SCENE = new SceneConfig(CAMERA, "g-1", SceneKind.STREET_OCCUPATION, null, null,
      new StreetOccupationScene(List.of(new Zone("shop-1", Polygon.of(100, 120, 200, 120, 200, 170, 100, 170), 30.0,
          0.15))), null);

  private final Canvas canvas = new Canvas(W, H, 3);
  private AnalyticsHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = AnalyticsHarness.start(QUIET);
    harness.setUp(SCENE);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  /** Frames every 2 s from {@code fromS} to {@code toS} seconds after T0. */
  private void frames(int fromS, int toS) throws Exception {
    for (int s = fromS; s < toS; s += 2) {
      canvas.clear();
      long wall = T0 + s * 1000L;
      harness.frame(new Frame(CAMERA, s / 2, s * 1000L, wall, W, H, false, canvas.render(3)));
    }
  }

  @Test
  void aCameraThatSendsNoFrameForTheQuietTimeLeavesNoKeyedState() throws Exception {
    frames(0, 30);
    assertThat(harness.detectorState(CAMERA)).isNotNull();
    assertThat(harness.detectorImages(CAMERA)).isNotNull();
    long lastFrame = T0 + 28_000;

    harness.setProcessingTime(lastFrame + QUIET.toMillis() - 1);
    assertThat(harness.keyedStateEntries()).isEqualTo(4); // detector state, images, the quiet timer and its time
    harness.setProcessingTime(lastFrame + QUIET.toMillis() + 1);
    assertThat(harness.keyedStateEntries()).isZero();
    assertThat(harness.detectorState(CAMERA)).isNull();
  }

  @Test
  void framesArrivingAfterTheQuietTimeGetAFreshDetector() throws Exception {
    frames(0, 30);
    harness.setProcessingTime(T0 + 30_000 + QUIET.toMillis());
    assertThat(harness.keyedStateEntries()).isZero();

    frames(200, 230);
    assertThat(harness.detectorState(CAMERA)).isNotNull();
  }

  @Test
  void aCameraThatKeepsSendingFramesKeepsItsStateBeyondTheQuietTime() throws Exception {
    frames(0, 400); // more than three quiet times of frames
    assertThat(harness.detectorState(CAMERA)).isNotNull();
    assertThat(harness.detectorImages(CAMERA)).isNotNull();
  }

  @Test
  void theQuietTimerSurvivesARestartAndStillEmptiesTheState() throws Exception {
    frames(0, 30);
    harness.restartFromCheckpoint();
    assertThat(harness.keyedStateEntries()).isPositive();
    // No setup and no frame after the restart (the camera never came back): the restored timer
    // fires, counts the quiet time from then on, and the state goes.
    harness.setProcessingTime(T0 + 30_000 + 2 * QUIET.toMillis() + 1);
    assertThat(harness.keyedStateEntries()).isZero();
  }

  @Test
  void aCameraRemovedFromTheSiteLeavesNoKeyedState() throws Exception {
    frames(0, 30);
    harness.status(CAMERA, false); // an outage under way, with its own state and timer
    assertThat(harness.keyedStateEntries()).isPositive();

    harness.remove(CAMERA);
    assertThat(harness.keyedStateEntries()).isZero();
    harness.setProcessingTime(T0 + 10 * QUIET.toMillis());
    assertThat(harness.alerts()).isEmpty();
    assertThat(harness.keyedStateEntries()).isZero();
  }

  @Test
  void aCameraWhoseSceneIsTakenAwayLeavesNoDetectorState() throws Exception {
    frames(0, 30);
    harness.setUpWithoutScene(CAMERA);
    assertThat(harness.keyedStateEntries()).isZero();
  }
}
