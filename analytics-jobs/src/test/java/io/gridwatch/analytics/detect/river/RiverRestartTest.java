package io.gridwatch.analytics.detect.river;

import static io.gridwatch.analytics.job.AnalyticsHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.analytics.job.AnalyticsHarness;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.config.Point;
import io.gridwatch.contracts.config.Polygon;
import io.gridwatch.contracts.config.RiverScene;
import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.contracts.config.SceneKind;
import io.gridwatch.contracts.config.WaterLevel;
import io.gridwatch.ingest.sim.Canvas;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A river camera in the keyed function on RocksDB, restarted from a checkpoint while the water
 * stands above the alarm line or debris drifts by: neither alerts a second time.
 */
class RiverRestartTest {

  private static final int W = 640;
  private static final int H = 360;
  private static final long STEP_MS = 2_000;
  private static final String CAMERA = "cam-river";
  private static final int ALARM_Y = 200;
  private static final SceneConfig SCENE = new SceneConfig(CAMERA, "g-1", SceneKind.RIVER, null, null, null,
      new RiverScene(Polygon.of(0, 240, 640, 240, 640, 360, 0, 360), List.of(),
          new WaterLevel(List.of(new Point(300, ALARM_Y), new Point(340, ALARM_Y)), 10.0)));

  private final Canvas canvas = new Canvas(W, H, 7);
  private final SplittableRandom rnd = new SplittableRandom(11);
  private AnalyticsHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = AnalyticsHarness.start(Duration.ofMinutes(10));
    harness.setUp(SCENE);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  /**
   * Samples every 2 s: a quay wall with a gauge above the water line {@code waterY(t)}, ripples
   * that change on every sample below it, and {@code extra} drawn on top.
   */
  private void run(long fromMs, long toMs, LongToDoubleFunction waterY, BiConsumer<Canvas, Long> extra)
      throws Exception {
    for (long t = fromMs; t < toMs; t += STEP_MS) {
      int top = (int) Math.round(waterY.applyAsDouble(t));
      canvas.clear();
      canvas.fillRect(0, 0, W, top, 120, 118, 115);
      canvas.fillRect(310, 120, 20, Math.max(0, top - 120), 230, 230, 230);
      canvas.fillRect(0, top, W, H - top, 80, 95, 70);
      for (int i = 0; i < 2400; i++) {
        int y = top + rnd.nextInt(Math.max(1, H - top));
        canvas.fillRect(rnd.nextInt(W), y, 6 + rnd.nextInt(10), 1, 110, 125, 100);
      }
      extra.accept(canvas, t);
      harness.frame(new Frame(CAMERA, t / STEP_MS, t, T0 + t, W, H, true, canvas.render(2.0)));
    }
  }

  private static List<Alert> of(List<Alert> alerts, AlertScene scene) {
    return alerts.stream().filter(a -> a.scene() == scene).toList();
  }

  private void restart() throws Exception {
    harness.restartFromCheckpoint();
    harness.setUp(SCENE); // the source sets the camera up again after a restart
    harness.status(CAMERA, true);
  }

  @Test
  void waterAboveTheLineAcrossARestartRaisesOneAlertForTheCrossing() throws Exception {
    LongToDoubleFunction high = t -> t < 40_000 ? 225 : 185;
    run(0, 100_000, high, (c, t) -> { });
    assertThat(of(harness.alerts(), AlertScene.WATER_LEVEL)).hasSize(1);

    restart();
    run(100_000, 200_000, high, (c, t) -> { });

    assertThat(of(harness.alerts(), AlertScene.WATER_LEVEL)).hasSize(1);
  }

  @Test
  void waterRisingAtARestartAlertsOnceWithTheSustainTimeCountedFromBeforeIt() throws Exception {
    LongToDoubleFunction high = t -> t < 40_000 ? 225 : 185;
    run(0, 54_000, high, (c, t) -> { }); // above since about 50 s, sustain 10 s: not yet alerted
    assertThat(harness.alerts()).isEmpty();

    restart();
    run(54_000, 120_000, high, (c, t) -> { });

    assertThat(of(harness.alerts(), AlertScene.WATER_LEVEL)).singleElement()
        .satisfies(a -> assertThat(a.startMs()).isLessThan(T0 + 54_000));
  }

  @Test
  void debrisAlertedBeforeARestartIsNotAlertedAgainWhileItDriftsOn() throws Exception {
    BiConsumer<Canvas, Long> bag = (c, t) -> {
      if (t >= 30_000) {
        c.fillRect((int) ((t - 30_000) / 1000 * 5), 300, 16, 8, 30, 40, 150); // a red bag drifting right
      }
    };
    run(0, 60_000, t -> 235, bag);
    assertThat(of(harness.alerts(), AlertScene.RIVER_DEBRIS)).hasSize(1);

    restart();
    run(60_000, 150_000, t -> 235, bag);

    assertThat(of(harness.alerts(), AlertScene.RIVER_DEBRIS)).hasSize(1);
  }
}
