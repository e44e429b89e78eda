package io.gridwatch.ingest.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.CameraStatus;
import io.gridwatch.ingest.decode.DecoderFactory;
import io.gridwatch.ingest.sim.rtsp.RtspCameraSimulator;
import io.gridwatch.ingest.source.CameraEvent;
import io.gridwatch.ingest.source.CameraSource;
import io.gridwatch.ingest.source.CameraSplit;
import io.gridwatch.ingest.testing.TestClips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "One bad camera never stalls or fails the job": a camera source with two good RTSP cameras
 * and one whose path does not exist (404), all read by one source reader (parallelism 1, so the
 * three share the reader and its task thread). The good cameras deliver frames throughout, the
 * bad one reports itself offline once, with a reason an operator can act on and no password,
 * keeps being retried without flapping, and the job keeps running.
 */
class OneBadCameraITCase {

  private static final String PASSWORD = "gh0st-pw";
  private static final long SAMPLE_EVERY_MS = 200;

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder()
          .setNumberTaskManagers(1)
          .setNumberSlotsPerTaskManager(1)
          .build());

  @TempDir static Path dir;
  static RtspCameraSimulator server;
  static Path passwordFile;

  @BeforeAll
  static void startTwoGoodCameras() throws Exception {
    Path clip = TestClips.movingSquare(dir, "street.mp4", 160, 120, 50);
    server = RtspCameraSimulator.builder().path("gate", clip).path("yard", clip).build().start();
    passwordFile = Files.writeString(dir.resolve("ghost.pw"), PASSWORD + "\n");
  }

  @AfterAll
  static void stopCameras() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void aCameraAtAWrongPathGoesOfflineOnceWhileTheOthersKeepDeliveringAndTheJobRuns(Backend backend) throws Exception {
    String ghostUrl = "rtsp://viewer@127.0.0.1:" + server.port() + "/ghost"; // not served: 404
    CameraStatus ghostOffline = runBesideTwoGoodCameras(backend, ghostUrl, passwordFile.toString());
    // The reason names the 404 and the URL, never the password.
    assertThat(ghostOffline.reason())
        .contains("rtsp://viewer:***@127.0.0.1:" + server.port() + "/ghost")
        .contains("404")
        .doesNotContain(PASSWORD);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void aCameraThatSendsNoVideoOnAnOpenConnectionIsReportedOfflineAndRetried(Backend backend) throws Exception {
    // The camera that was once lost silently: its connection stays busy with RTCP, no video
    // ever comes, and no socket timeout fires. The decoder's own deadline must end each attempt.
    try (ScriptedRtspCamera muted = new ScriptedRtspCamera(ScriptedRtspCamera.Behaviour.RTCP_WITHOUT_VIDEO)) {
      String url = "rtsp://viewer@127.0.0.1:" + muted.port() + "/live";
      CameraStatus offline = runBesideTwoGoodCameras(backend, url, passwordFile.toString());
      assertThat(offline.reason())
          .contains("rtsp://viewer:***@127.0.0.1:" + muted.port() + "/live")
          .doesNotContain(PASSWORD);
      assertThat(muted.requests()).as("attempts that reached PLAY")
          .filteredOn("PLAY"::equals).hasSizeGreaterThanOrEqualTo(2);
    }
  }

  /**
   * Runs the bad camera "ghost" at {@code badUrl} in one source with the two good ones, checks
   * that the job runs on, that the ghost went offline exactly once and delivered nothing, and
   * that the good cameras delivered all along.
   *
   * @return the ghost's offline status
   */
  private CameraStatus runBesideTwoGoodCameras(Backend backend, String ghostUrl, String ghostPasswordFile)
      throws Exception {
    CameraSource source = CameraSource.builder()
        .camera(camera("gate", server.url("gate"), backend, null))
        .camera(camera("ghost", ghostUrl, backend, ghostPasswordFile))
        .camera(camera("yard", server.url("yard"), backend, null))
        .decoders(shortTimeoutFor("ghost"))
        .build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    CloseableIterator<CameraEvent> results = env
        .fromSource(source, WatermarkStrategy.noWatermarks(), "cameras")
        .collectAsync();
    JobClient job = env.executeAsync("one-bad-camera-" + backend);

    List<CameraEvent> events = new ArrayList<>();
    CameraStatus ghostOffline = null;
    try (results) {
      BlockingQueue<CameraEvent> queue = new LinkedBlockingQueue<>();
      Thread collector = new Thread(() -> {
        try {
          results.forEachRemaining(queue::add);
        } catch (RuntimeException e) {
          // the iterator ends with an exception when the job is cancelled
        }
      }, "collect-" + backend);
      collector.setDaemon(true);
      collector.start();

      // Read until the ghost has been offline for 4 s (time for two or three reconnect attempts
      // at 1 s, 2 s backoff), the job ends, or 20 s have passed.
      long deadline = System.currentTimeMillis() + 20_000;
      long nextStatusCheck = 0;
      while (System.currentTimeMillis() < deadline
          && (ghostOffline == null || System.currentTimeMillis() < ghostOffline.atMs() + 4_000)) {
        if (System.currentTimeMillis() > nextStatusCheck) {
          if (job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
            break;
          }
          nextStatusCheck = System.currentTimeMillis() + 1_000;
        }
        CameraEvent e = queue.poll(200, TimeUnit.MILLISECONDS);
        if (e == null) {
          continue;
        }
        events.add(e);
        if (ghostOffline == null && e.status() != null && e.cameraId().equals("ghost")) {
          ghostOffline = e.status();
        }
      }
      queue.drainTo(events);

      // The job is still running: the bad camera failed neither it nor the reader.
      JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
      assertThat(status).as("job status; failure: %s", status == JobStatus.RUNNING ? "none" : failureOf(job))
          .isEqualTo(JobStatus.RUNNING);
    } finally {
      if (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
        job.cancel().get(10, TimeUnit.SECONDS);
      }
      // until the cameras' threads are gone, before the next run or the server's shutdown
      long until = System.currentTimeMillis() + 10_000;
      while (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()
          && System.currentTimeMillis() < until) {
        Thread.sleep(50);
      }
    }

    // The ghost: one offline event, and no frame.
    assertThat(ghostOffline).as("offline status of the bad camera").isNotNull();
    assertThat(ghostOffline.online()).isFalse();
    assertThat(events).filteredOn(e -> e.cameraId().equals("ghost") && e.status() != null)
        .as("status changes of the bad camera while it is retried").hasSize(1);
    assertThat(events).filteredOn(e -> e.cameraId().equals("ghost") && e.frame() != null).isEmpty();

    // The good ones: online, and frames all along, including well after the ghost failed.
    long ghostAt = ghostOffline.atMs();
    for (String good : List.of("gate", "yard")) {
      assertThat(events).filteredOn(e -> e.cameraId().equals(good) && e.status() != null)
          .extracting(e -> e.status().online()).as("status changes of %s", good).containsExactly(true);
      List<Long> frameTimes = events.stream().filter(e -> e.cameraId().equals(good) && e.frame() != null)
          .map(e -> e.frame().wallMs()).toList();
      // sampled every 200 ms: about 20 frames in the 4 s after the ghost failed
      assertThat(frameTimes).filteredOn(t -> t > ghostAt).as("frames of %s after the ghost went offline", good)
          .hasSizeGreaterThan(12);
      assertThat(frameTimes).filteredOn(t -> t > ghostAt + 3_000).as("frames of %s in the last second", good)
          .isNotEmpty();
    }
    return ghostOffline;
  }

  /**
   * The production socket timeout for the good cameras, and a short one for the bad camera so
   * that it is retried several times within the test. With the short timeout for all three, a
   * good camera on a loaded machine could itself miss a few seconds of video and go offline,
   * which is not what this test is about.
   */
  private static DecoderFactory shortTimeoutFor(String badCamera) {
    DecoderFactory production = DecoderFactory.standard(Duration.ofSeconds(10));
    DecoderFactory quick = DecoderFactory.standard(Duration.ofSeconds(3));
    return (cameraId, source, kind, keyFramesOnly) -> (cameraId.equals(badCamera) ? quick : production)
        .create(cameraId, source, kind, keyFramesOnly);
  }

  /** Why the job failed, for the assertion message. */
  private static String failureOf(JobClient job) {
    try {
      job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
      return "none reported";
    } catch (Exception e) {
      StringBuilder causes = new StringBuilder();
      for (Throwable t = e; t != null && causes.length() < 2_000; t = t.getCause()) {
        causes.append(" <- ").append(t);
      }
      return causes.toString();
    }
  }

  private static CameraSplit camera(String id, String url, Backend backend, String passwordFile) {
    return new CameraSplit(id, url, backend.kind(), false, false, SAMPLE_EVERY_MS, null, passwordFile, null,
        CameraSplit.DEFAULT_OFFLINE_ALERT_MS);
  }
}
