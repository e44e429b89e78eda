package io.gridwatch.analytics.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.ingest.sim.DemoClips;
import io.gridwatch.ingest.sim.rtsp.RtspCameraSimulator;
import io.gridwatch.ingest.source.CameraSource;
import io.gridwatch.ingest.source.CameraSplit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import io.gridwatch.contracts.config.DecoderKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live cameras from a real RTSP server: the server goes away for 30 s and comes back. Each camera
 * raises one camera-offline alert, and each is back (recovery alert) within 10 s of the return.
 */
class CameraOutageITCase {

  private static final int CAMERAS = 4;
  private static final long OFFLINE_ALERT_MS = 10_000;

  @RegisterExtension
  static final MiniClusterExtension FLINK = RocksDbMiniCluster.create();

  @TempDir Path dir;


  @ParameterizedTest(name = "decoder {0}")
  @EnumSource(DecoderKind.class)
  void simulatorDownThirtySecondsGivesOneOfflineAlertPerCameraAndAllReturnWithinTenSeconds(DecoderKind decoder)
      throws Exception {
    Path clip = DemoClips.shopFront(dir.resolve("street.mp4"), 3, 6, 100, 100);
    RtspCameraSimulator.Builder sim = RtspCameraSimulator.builder();
    for (int i = 0; i < CAMERAS; i++) {
      sim.path("cam-" + i, clip);
    }
    try (RtspCameraSimulator server = sim.build().start()) {
      CameraSource.Builder source = CameraSource.builder();
      for (int i = 0; i < CAMERAS; i++) {
        source.camera(new CameraSplit("cam-" + i, server.url("cam-" + i), decoder,
            false, false, 1000, null, null, null, OFFLINE_ALERT_MS));
      }
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2);
      var alertsStream = new DetectionJob(source.build(), new DiscardingSink<>(), null).build(env);

      BlockingQueue<Alert> alerts = new LinkedBlockingQueue<>();
      try (CloseableIterator<Alert> it = alertsStream.executeAndCollect("camera-outage-itcase")) {
        Thread collector = new Thread(() -> {
          try {
            it.forEachRemaining(alerts::add);
          } catch (RuntimeException e) {
            // the iterator ends with an exception when the job is cancelled at close
          }
        });
        collector.setDaemon(true);
        collector.start();

        Thread.sleep(8_000); // every camera connected and streaming
        server.stop();
        Thread.sleep(30_000);
        long back = System.currentTimeMillis();
        server.restart();

        List<Alert> recoveries = new ArrayList<>();
        List<Alert> offline = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 25_000;
        while (recoveries.size() < CAMERAS && System.currentTimeMillis() < deadline) {
          Alert a = alerts.poll(500, TimeUnit.MILLISECONDS);
          if (a == null) {
            continue;
          }
          assertThat(a.scene()).isEqualTo(AlertScene.CAMERA_OFFLINE);
          (("recovered".equals(a.details().get("state"))) ? recoveries : offline).add(a);
        }
        alerts.drainTo(offline);

        assertThat(offline).extracting(Alert::cameraId)
            .containsExactlyInAnyOrder("cam-0", "cam-1", "cam-2", "cam-3");
        assertThat(recoveries).extracting(Alert::cameraId)
            .containsExactlyInAnyOrder("cam-0", "cam-1", "cam-2", "cam-3");
        for (Alert r : recoveries) {
          System.out.printf("camera outage (%s): %s back %d ms after the server's return%n", decoder,
              r.cameraId(), r.emittedMs() - back);
          assertThat(r.emittedMs() - back).as("camera %s back after the server's return", r.cameraId())
              .isLessThanOrEqualTo(10_000);
        }
      }
    }
  }
}
