package io.gridwatch.analytics.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.config.Polygon;
import io.gridwatch.contracts.config.SamplingConfig;
import io.gridwatch.contracts.config.SceneCodec;
import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.contracts.config.SceneKind;
import io.gridwatch.contracts.config.StreetOccupationScene;
import io.gridwatch.contracts.config.Zone;
import io.gridwatch.ingest.sim.Canvas;
import io.gridwatch.ingest.source.CameraEvent;
import io.gridwatch.ingest.source.CameraSetup;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A street-occupation camera in the keyed function: its scene changes while goods stand. */
class StreetOccupationRetuneTest {

  private static final long T0 = 1_800_000_000_000L;
  private static final int W = 640;
  private static final int H = 360;
  private static final Zone SHOP_12 = new Zone("shop-12", Polygon.of(200, 260, 360, 260, 360, 340, 200, 340), 30.0, 0.15);
  private static final Zone SHOP_14 = new Zone("shop-14", Polygon.of(420, 260, 560, 260, 560, 340, 420, 340), 30.0, 0.15);

  private final Canvas canvas = new Canvas(W, H, 7);
  private KeyedOneInputStreamOperatorTestHarness<String, CameraEvent, Alert> harness;

  @BeforeEach
  void open() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new CameraAnalyticsFunction(null),
        CameraEvent::cameraId, Types.STRING);
    harness.setProcessingTime(T0);
    setUp(List.of(SHOP_12, SHOP_14), 30.0);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void setUp(List<Zone> zones, double dwell) throws Exception {
    List<Zone> z = zones.stream().map(zone -> new Zone(zone.id(), zone.polygon(), dwell, zone.minCoverage())).toList();
    SceneConfig scene = new SceneConfig("cam-5", "g-1", SceneKind.STREET_OCCUPATION, SamplingConfig.defaultFor(
        SceneKind.STREET_OCCUPATION), null, new StreetOccupationScene(z), null);
    harness.processElement(new StreamRecord<>(CameraEvent.of(
        new CameraSetup("cam-5", SceneCodec.toJson(scene), 60_000, false)), T0));
  }

  /** Frames every 2 s from {@code fromS} to {@code toS} seconds, goods in shop-12 from 30 s. */
  private void frames(int fromS, int toS) throws Exception {
    for (int s = fromS; s < toS; s += 2) {
      canvas.clear();
      if (s >= 30) {
        canvas.fillRect(230, 270, 90, 60, 30, 140, 200);
      }
      long wall = T0 + s * 1000L;
      harness.processElement(new StreamRecord<>(CameraEvent.of(
          new Frame("cam-5", s / 2, s * 1000L, wall, W, H, false, canvas.render(3))), wall));
    }
  }

  @Test
  void aLongerDwellTimeReachesTheRunningDetectorAndTheEpisodeGoesOn() throws Exception {
    frames(0, 44);
    setUp(List.of(SHOP_12), 60.0); // shop-14 removed, dwell doubled, while the goods stand
    frames(44, 120);
    assertThat(harness.extractOutputValues()).singleElement().satisfies(a -> {
      assertThat(a.zone()).isEqualTo("shop-12");
      assertThat(a.startMs()).isEqualTo(T0 + 30_000); // the episode began before the change
      assertThat(a.emittedMs()).isEqualTo(T0 + 90_000); // and alerts on the new dwell time
    });
  }
}
