package io.gridwatch.ingest.sim.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwatch.contracts.Frame;
import io.gridwatch.ingest.decode.Credentials;
import io.gridwatch.ingest.decode.FfmpegDecoder;
import io.gridwatch.ingest.decode.VideoSourceException;
import io.gridwatch.ingest.testing.TestClips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator against the project's own RTSP client, {@link FfmpegDecoder}: frames, 404, 401,
 * a camera that goes away, comes back on the same port, and freezes.
 *
 * <p>FfmpegDecoder reports FFmpeg's error code rather than its text, so 404 and 401 are checked
 * as either the status or FFmpeg's AVERROR_HTTP_* code.
 */
class RtspCameraSimulatorITCase {

  /** For the test that times how fast a stopped camera is noticed. */
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(2);
  /**
   * For tests that only read frames: the production default. A loaded machine can hold up the
   * simulator's first packets of a path (or a loop of its clip) for more than 2 s, which is no
   * fault of the path.
   */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  @TempDir static Path dir;
  static Path clip;
  static RtspCameraSimulator cameras;

  @BeforeAll
  static void serveFourCameras() throws IOException {
    clip = TestClips.movingSquare(dir, "square.mp4", 320, 240, 75); // 3 s at 25 fps
    var b = RtspCameraSimulator.builder();
    for (int i = 1; i <= 4; i++) {
      b.path("cam-" + i, clip);
    }
    cameras = b.build().start();
  }

  @AfterAll
  static void stopCameras() {
    if (cameras != null) {
      cameras.close();
    }
  }

  @Test
  void servesEveryFrameLoopingWithSteadyTimestamps() throws Exception {
    List<Frame> frames = read(decoder("cam-1", cameras.url("cam-2")), 80);

    assertThat(frames).hasSize(80); // more than the clip has: it loops
    assertThat(frames).allSatisfy(f -> {
      assertThat(f.width()).isEqualTo(320);
      assertThat(f.height()).isEqualTo(240);
    });
    for (int i = 1; i < frames.size(); i++) {
      assertThat(frames.get(i).ptsMs() - frames.get(i - 1).ptsMs()).as("pts step at frame %d", i).isBetween(39L, 41L);
    }
    // The content is the clip's: grey background, white square on the middle row.
    Frame f = frames.get(40);
    assertThat(grey(f, 5, 5)).isBetween(85, 115);
    int brightest = 0;
    for (int x = 0; x < 320; x++) {
      brightest = Math.max(brightest, grey(f, x, 120));
    }
    assertThat(brightest).isGreaterThan(220);
  }

  @Test
  void everyPathIsLive() throws Exception {
    for (String path : List.of("cam-1", "cam-3", "cam-4")) {
      assertThat(read(decoder(path, cameras.url(path)), 3)).as(path).hasSize(3);
    }
  }

  @Test
  void unknownPathIsNotFound() {
    String url = cameras.baseUrl() + "no-such-camera";
    assertThatThrownBy(() -> decoder("cam-x", url).open())
        .isInstanceOf(VideoSourceException.class)
        .hasMessageContaining(url)
        .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("404", "error " + avutil.AVERROR_HTTP_NOT_FOUND));
  }

  @Test
  void wrongPasswordIsRefusedAndNotShown() throws Exception {
    String password = "s3cret pass";
    try (RtspCameraSimulator secured = RtspCameraSimulator.builder().path("gate", clip)
        .credentials("viewer", password).build().start()) {
      // The password reaches the server through its environment, not its command line.
      assertThat(ProcessHandle.of(secured.pid()).orElseThrow().info().commandLine().orElse(""))
          .contains("--user viewer").doesNotContain(password);
      String userUrl = "rtsp://viewer@127.0.0.1:" + secured.port() + "/gate";
      String wrong = Credentials.apply("cam-s", userUrl, "PW", null, Map.of("PW", "not-it"));
      assertThatThrownBy(() -> decoder("cam-s", wrong).open())
          .isInstanceOf(VideoSourceException.class)
          .satisfies(e -> assertThat(e.getMessage())
              .containsAnyOf("401", "error " + avutil.AVERROR_HTTP_UNAUTHORIZED)
              .doesNotContain("not-it"));

      String right = Credentials.apply("cam-s", userUrl, "PW", null, Map.of("PW", password));
      assertThat(read(decoder("cam-s", right), 3)).hasSize(3);
    }
  }

  @Test
  void stoppedCameraEndsTheStreamAndComesBackOnTheSamePort() throws Exception {
    try (RtspCameraSimulator camera = RtspCameraSimulator.builder().path("door", clip).build().start()) {
      int port = camera.port();
      long pid = camera.pid();
      try (FfmpegDecoder d = new FfmpegDecoder("cam-d", camera.url("door"), SOCKET_TIMEOUT)) {
        d.open();
        assertThat(d.next()).isNotNull();
        camera.stop();
        assertThat(ProcessHandle.of(pid)).isEmpty();
        long t0 = System.nanoTime();
        assertThat(readUntilEndOrError(d)).isIn("end", "error");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(SOCKET_TIMEOUT.plusSeconds(2));
      }

      camera.restart();
      assertThat(camera.port()).isEqualTo(port);
      assertThat(read(decoder("cam-d", camera.url("door")), 5)).hasSize(5);
    }
  }

  @Test
  void pausedCameraTimesOutItsClientsAndResumes() throws Exception {
    // Short enough to keep the test quick, long enough that a loaded machine's first frames
    // come within it (with 1 s, a full test run saw the unpaused camera time out).
    Duration timeout = Duration.ofSeconds(3);
    try (RtspCameraSimulator camera = RtspCameraSimulator.builder().path("yard", clip).build().start()) {
      try (FfmpegDecoder d = new FfmpegDecoder("cam-y", camera.url("yard"), timeout)) {
        d.open();
        assertThat(d.next()).isNotNull();
        camera.pause();
        long t0 = System.nanoTime();
        assertThat(readUntilEndOrError(d)).isIn("end", "error");
        // One timeout ends the read (FFmpeg's socket timeout or the decoder's deadline, whichever
        // comes first); the margin is for a loaded machine.
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(timeout.multipliedBy(3));
      }
      camera.resume();
      assertThat(read(decoder("cam-y", camera.url("yard")), 5)).hasSize(5);
    }
  }

  @Test
  void fileThatIsNotVideoIsRefusedByName() throws Exception {
    Path notVideo = Files.writeString(dir.resolve("notes.mp4"), "not a video\n".repeat(50));
    var sim = RtspCameraSimulator.builder().path("bad", notVideo).build();
    assertThatThrownBy(sim::start).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("notes.mp4");
    assertThatThrownBy(() -> RtspCameraSimulator.builder().path("gone", dir.resolve("gone.mp4")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gone.mp4");
  }

  @Test
  void missingPythonNamesWhatToInstall() {
    var sim = RtspCameraSimulator.builder().path("cam", clip).python("/nonexistent/python3").build();
    assertThatThrownBy(sim::start).isInstanceOf(IOException.class)
        .hasMessageContaining("gir1.2-gst-rtsp-server-1.0")
        .hasMessageContaining("scripts/install-system-deps.sh");
  }

  private static FfmpegDecoder decoder(String cameraId, String url) {
    return new FfmpegDecoder(cameraId, url, READ_TIMEOUT);
  }

  private static List<Frame> read(FfmpegDecoder decoder, int n) throws IOException {
    List<Frame> frames = new ArrayList<>();
    try (decoder) {
      decoder.open();
      Frame f;
      while (frames.size() < n && (f = decoder.next()) != null) {
        frames.add(f);
      }
    }
    return frames;
  }

  /** Reads on after the camera went away; "end" or "error", whichever the client reports. */
  private static String readUntilEndOrError(FfmpegDecoder d) {
    try {
      for (int i = 0; i < 500; i++) { // frames already buffered in the client come first
        if (d.next() == null) {
          return "end";
        }
      }
      return "still streaming";
    } catch (IOException e) {
      return "error";
    }
  }

  private static int grey(Frame f, int x, int y) {
    return io.gridwatch.ingest.TestFrames.grey(f, x, y);
  }
}
