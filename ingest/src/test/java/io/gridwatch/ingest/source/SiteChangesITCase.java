package io.gridwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.config.Site;
import io.gridwatch.ingest.sim.DemoClips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Cameras added to, changed in and removed from the site file while the source runs. */
class SiteChangesITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder()
          .setConfiguration(new Configuration())
          .setNumberTaskManagers(1)
          .setNumberSlotsPerTaskManager(2)
          .build());

  @TempDir Path dir;

  private static final String CELLS = """
      name: Test district
      gridCells:
        - {id: g-01, name: Cell 1, area: Street A}
      cameras:
      """;

  private static String camera(String id) {
    return "  - {id: " + id + ", file: street.mp4, loop: true, scene: " + id + ".yaml, gridCell: g-01}\n";
  }

  private void scene(String id, double dwellSeconds) throws Exception {
    Files.writeString(dir.resolve(id + ".yaml"), DemoClips.shopFrontScene(id, "g-01", dwellSeconds, 1));
  }

  @Test
  void camerasAddedChangedAndRemovedInTheSiteFileTakeEffectWhileTheJobRuns() throws Exception {
    DemoClips.shopFront(dir.resolve("street.mp4"), 4, 4, 100, 100);
    scene("cam-a", 30);
    scene("cam-b", 30);
    Path siteFile = Files.writeString(dir.resolve("site.yaml"), CELLS + camera("cam-a"));

    CameraSource source = CameraSource.builder().site(Site.load(siteFile)).watchSite(Duration.ofMillis(500)).build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    BlockingQueue<CameraEvent> events = new LinkedBlockingQueue<>();
    try (CloseableIterator<CameraEvent> it = env.fromSource(source, WatermarkStrategy.noWatermarks(), "cameras")
        .executeAndCollect("site-changes-itcase")) {
      Thread collector = new Thread(() -> {
        try {
          it.forEachRemaining(events::add);
        } catch (RuntimeException e) {
          // ends when the job is cancelled
        }
      });
      collector.setDaemon(true);
      collector.start();

      await(events, e -> e.frame() != null && e.cameraId().equals("cam-a"), "a frame of cam-a");

      Files.writeString(siteFile, CELLS + camera("cam-a") + camera("cam-b"));
      CameraEvent setupB = await(events, e -> e.setup() != null && e.cameraId().equals("cam-b"), "cam-b set up");
      assertThat(setupB.setup().sceneJson()).contains("\"cameraId\":\"cam-b\"");
      await(events, e -> e.frame() != null && e.cameraId().equals("cam-b"), "a frame of the added cam-b");

      scene("cam-b", 45); // retune cam-b: its new scene must arrive ahead of its next frames
      CameraEvent retuned = await(events, e -> e.setup() != null && e.cameraId().equals("cam-b"), "cam-b retuned");
      assertThat(retuned.setup().sceneJson()).contains("45");

      Files.writeString(siteFile, CELLS + camera("cam-b"));
      CameraEvent removed = await(events, e -> e.setup() != null && e.setup().removed(), "cam-a removed");
      assertThat(removed.cameraId()).isEqualTo("cam-a");
      events.clear();
      Thread.sleep(1_500);
      assertThat(events).noneMatch(e -> e.cameraId().equals("cam-a")).anyMatch(e -> e.cameraId().equals("cam-b"));

      Files.writeString(siteFile, "name: [broken"); // a broken edit is reported and ignored
      Thread.sleep(1_500);
      events.clear();
      await(events, e -> e.frame() != null && e.cameraId().equals("cam-b"), "cam-b still running");
    }
  }

  private static CameraEvent await(BlockingQueue<CameraEvent> events, Predicate<CameraEvent> what, String description)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      CameraEvent e = events.poll(200, TimeUnit.MILLISECONDS);
      if (e != null && what.test(e)) {
        return e;
      }
    }
    throw new AssertionError("no " + description + " within 20 s");
  }
}
