package io.gridwatch.analytics.detect.street;

import static io.gridwatch.analytics.job.AnalyticsHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.analytics.job.AnalyticsHarness;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.alert.Alert;
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

/**
 * A shop-front camera in the keyed function on RocksDB, restarted from a checkpoint while goods
 * stand in a zone: the episode goes on where it was.
 */
class StreetOccupationRestartTest {

  private static final int W = 640;
  private static final int H = 360;
  private static final String CAMERA = "cam-5";
  private static final Zone SHOP_12 = new Zone("shop-12", Polygon.of(200, 260, 360, 260, 360, 340, 200, 340), 30.0, 0.15);
  private static final Zone SHOP_14 = new Zone("shop-14", Polygon.of(420, 260, 560, 260, 560, 340, 420, 340), 30.0, 0.15);
  /** Goods stand in shop-12 from 30 s to 200 s. */
  private static final int GOODS_OUT_S = 30;
  private static final int GOODS_IN_S = 200;

  private final Canvas canvas = new Canvas(W, H, 7);
  private AnalyticsHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = AnalyticsHarness.start(Duration.ofMinutes(10));
    harness.setUp(scene(List.of(SHOP_12, SHOP_14)));
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private static SceneConfig scene(List<Zone> zones) {
    return new SceneConfig(CAMERA, "g-1", SceneKind.STREET_OCCUPATION, null, null,
        new StreetOccupationScene(zones, 10.0, 60.0), null);
  }

  /** Frames every 2 s from {@code fromS} to {@code toS} seconds of the street. */
  private void frames(int fromS, int toS) throws Exception {
    for (int s = fromS; s < toS; s += 2) {
      canvas.clear();
      if (s >= GOODS_OUT_S && s < GOODS_IN_S) {
        canvas.fillRect(230, 270, 90, 60, 30, 140, 200); // a table with goods in shop-12
      }
      long wall = T0 + s * 1000L;
      harness.frame(new Frame(CAMERA, s / 2, s * 1000L, wall, W, H, false, canvas.render(3)));
    }
  }

  private static List<Alert> withState(List<Alert> alerts, String state) {
    return alerts.stream().filter(a -> state.equals(a.details().get("state"))).toList();
  }

  @Test
  void anEpisodeThatAlertedBeforeARestartDoesNotAlertAgainAndStillReportsTheClear() throws Exception {
    frames(0, 100);
    assertThat(withState(harness.alerts(), "occupied")).singleElement()
        .satisfies(a -> assertThat(a.zone()).isEqualTo("shop-12"));

    harness.restartFromCheckpoint();
    harness.setUp(scene(List.of(SHOP_12, SHOP_14))); // the source sets the camera up again after a restart
    harness.status(CAMERA, true);
    frames(100, 260);

    Alert occupied = withState(harness.alerts(), "occupied").get(0);
    assertThat(withState(harness.alertsSinceRestart(), "occupied")).isEmpty();
    assertThat(withState(harness.alertsSinceRestart(), "cleared")).singleElement().satisfies(c -> {
      assertThat(c.details()).containsEntry("occupationAlertId", occupied.alertId());
      assertThat(c.endMs()).isBetween(T0 + GOODS_IN_S * 1000L, T0 + (GOODS_IN_S + 10) * 1000L);
    });
  }

  @Test
  void anEpisodeStillPendingAtARestartAlertsOnceFromWhenTheGoodsWereSetDown() throws Exception {
    frames(0, 50); // goods out at 30 s, dwell 30 s: pending at the restart
    assertThat(harness.alerts()).isEmpty();

    harness.restartFromCheckpoint();
    harness.setUp(scene(List.of(SHOP_12, SHOP_14)));
    frames(50, 120);

    assertThat(withState(harness.alerts(), "occupied")).singleElement().satisfies(a -> {
      assertThat(a.startMs()).isBetween(T0 + GOODS_OUT_S * 1000L, T0 + (GOODS_OUT_S + 2) * 1000L);
      assertThat(a.emittedMs()).isLessThanOrEqualTo(T0 + (GOODS_OUT_S + 30 + 30) * 1000L);
    });
  }

  @Test
  void aZoneRemovedOnRetuneLeavesNoStateBehind() throws Exception {
    frames(0, 90);
    assertThat(StreetState.decodeEpisodes(harness.detectorState(CAMERA))).containsOnlyKeys("shop-12", "shop-14");

    harness.setUp(scene(List.of(SHOP_14))); // shop-12 removed while its goods stand
    assertThat(StreetState.decodeEpisodes(harness.detectorState(CAMERA))).containsOnlyKeys("shop-14");

    frames(90, 100);
    assertThat(StreetState.decodeEpisodes(harness.detectorState(CAMERA))).containsOnlyKeys("shop-14");
  }

  @Test
  void theEmptyStreetIsKeptAsACompressedImageEveryFewMinutesOfCameraTime() throws Exception {
    frames(0, 20);
    byte[] first = harness.detectorImages(CAMERA);
    assertThat(first).isNotNull();
    StreetState.Reference ref = StreetState.decodeReference(first);
    assertThat(ref.width()).isEqualTo(480);
    assertThat(first.length).isLessThan(ref.width() * ref.height() * 3 / 2); // compressed

    frames(20, 100);
    assertThat(harness.detectorImages(CAMERA)).isEqualTo(first); // not yet due again
    frames(100, 160);
    assertThat(StreetState.decodeReference(harness.detectorImages(CAMERA)).timeMs())
        .isGreaterThanOrEqualTo(ref.timeMs() + StreetState.KEEP_REFERENCE_EVERY_MS);
  }
}
