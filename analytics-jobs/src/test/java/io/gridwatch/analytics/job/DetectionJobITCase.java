package io.gridwatch.analytics.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.analytics.evidence.EvidenceStore;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.config.SceneCodec;
import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.contracts.config.YamlConfigReader;
import io.gridwatch.ingest.sim.DemoClips;
import io.gridwatch.ingest.source.CameraSource;
import io.gridwatch.ingest.source.CameraSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DetectionJobITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK = RocksDbMiniCluster.create();

  @TempDir Path dir;


  @Test
  void twoCamerasOnTwoReadersEachRaiseTheirAlertThroughTheJob() throws Exception {
    Path shop = DemoClips.shopFront(dir.resolve("shop.mp4"), 1, 24, 4, 24);
    Path river = DemoClips.riverBank(dir.resolve("river.mp4"), 2, 20, 5, 20);
    SceneConfig shopScene = YamlConfigReader.parse(dir.resolve("shop.yaml"),
        DemoClips.shopFrontScene("cam-shop", "g-01", 8, 1), SceneConfig.class);
    SceneConfig riverScene = YamlConfigReader.parse(dir.resolve("river.yaml"),
        DemoClips.riverScene("cam-river", "g-02", 5, 0.5), SceneConfig.class);

    CameraSource source = CameraSource.builder()
        .camera(CameraSplit.of("cam-shop", shop.toString(), false, false, 1000).withScene(SceneCodec.toJson(shopScene)))
        .camera(CameraSplit.of("cam-river", river.toString(), false, false, 500).withScene(SceneCodec.toJson(riverScene)))
        .bounded(true)
        .queueCapacity(1000) // a replay must not drop frames: the test wants every sample
        .build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    DetectionJob job = new DetectionJob(source, new DiscardingSink<>(), new EvidenceStore(dir.resolve("evidence")));
    DataStream<Alert> alerts = job.build(env);

    List<Alert> collected = new ArrayList<>();
    try (CloseableIterator<Alert> it = alerts.executeAndCollect("detection-itcase")) {
      it.forEachRemaining(collected::add);
    }

    assertThat(collected).extracting(Alert::cameraId, Alert::scene, Alert::zone)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("cam-shop", AlertScene.STREET_OCCUPATION, "shop-front"),
            org.assertj.core.groups.Tuple.tuple("cam-river", AlertScene.RIVER_INTRUSION, "bank-east"));
    for (Alert a : collected) {
      assertThat(a.evidence()).hasSize(1);
      assertThat(Files.size(Path.of(a.evidence().get(0)))).isGreaterThan(1000);
      assertThat(a.emittedMs() - a.startMs()).isGreaterThanOrEqualTo(5000);
    }
  }
}
