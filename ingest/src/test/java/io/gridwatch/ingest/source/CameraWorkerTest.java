package io.gridwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.ingest.decode.DecoderFactory;
import io.gridwatch.ingest.testing.TestClips;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One camera's reader thread, with its counters as Flink metrics. */
class CameraWorkerTest {

  @TempDir Path dir;

  private static long gauge(MetricListener metrics, String name) {
    Gauge<Long> g = metrics.<Long>getGauge("camera", "cam-m", name).orElseThrow();
    return g.getValue();
  }

  private static void awaitFinished(CameraWorker worker) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (!worker.isFinished() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(worker.isFinished()).isTrue();
  }

  @Test
  void countersShowDecodedSampledAndNoReconnectsForAGoodFile() throws Exception {
    Path clip = TestClips.movingSquare(dir, "c.mp4", 160, 120, 50);
    MetricListener listener = new MetricListener();
    CameraMetrics metrics = new CameraMetrics();
    metrics.register(listener.getMetricGroup().addGroup("camera", "cam-m"));
    FrameQueue queue = new FrameQueue(100);
    CameraWorker worker = new CameraWorker(CameraSplit.of("cam-m", clip.toString(), false, false, 1000),
        DecoderFactory.standard(Duration.ofSeconds(5)), queue, metrics, () -> { });
    worker.start();
    awaitFinished(worker);

    assertThat(gauge(listener, "framesDecoded")).isEqualTo(50);
    assertThat(gauge(listener, "framesSampled")).isEqualTo(2); // 2 s of video, one frame a second
    assertThat(gauge(listener, "reconnects")).isZero();
    assertThat(gauge(listener, "decodeErrors")).isZero();
    assertThat(gauge(listener, "lastFrameAgeMs")).isGreaterThanOrEqualTo(0);

    List<CameraEvent> events = new ArrayList<>();
    for (CameraEvent e; (e = queue.poll()) != null; ) {
      events.add(e);
    }
    assertThat(events.get(0).setup()).isNotNull();
    assertThat(events.get(1).status().online()).isTrue();
    assertThat(events.stream().filter(e -> e.frame() != null)).hasSize(2);
  }

  @Test
  void whenNobodyTakesFramesTheQueueDropsTheOldestAndCountsThem() throws Exception {
    Path clip = TestClips.movingSquare(dir, "c.mp4", 160, 120, 50);
    MetricListener listener = new MetricListener();
    CameraMetrics metrics = new CameraMetrics();
    metrics.register(listener.getMetricGroup().addGroup("camera", "cam-m"));
    FrameQueue queue = new FrameQueue(4);
    CameraWorker worker = new CameraWorker(CameraSplit.of("cam-m", clip.toString(), false, false, 0),
        DecoderFactory.standard(Duration.ofSeconds(5)), queue, metrics, () -> { });
    worker.start();
    awaitFinished(worker);

    assertThat(gauge(listener, "framesDropped")).isEqualTo(46);
    CameraEvent last = null;
    for (CameraEvent e; (e = queue.poll()) != null; ) {
      last = e;
    }
    assertThat(last.frame().seq()).isEqualTo(49); // the newest frames survive
  }

  @Test
  void anUnreadableFileReportsTheCameraOfflineOnceAndStops() throws Exception {
    Path junk = java.nio.file.Files.writeString(dir.resolve("junk.mp4"), "no video here\n".repeat(20));
    MetricListener listener = new MetricListener();
    CameraMetrics metrics = new CameraMetrics();
    metrics.register(listener.getMetricGroup().addGroup("camera", "cam-m"));
    FrameQueue queue = new FrameQueue(4);
    CameraWorker worker = new CameraWorker(CameraSplit.of("cam-m", junk.toString(), false, false, 0),
        DecoderFactory.standard(Duration.ofSeconds(5)), queue, metrics, () -> { });
    worker.start();
    awaitFinished(worker);

    assertThat(queue.poll().setup()).isNotNull();
    CameraEvent offline = queue.poll();
    assertThat(offline.status().online()).isFalse();
    assertThat(offline.status().reason()).contains("junk.mp4").doesNotStartWith("camera cam-m:");
    assertThat(queue.poll()).isNull();
    assertThat(gauge(listener, "decodeErrors")).isEqualTo(1);
  }
}
