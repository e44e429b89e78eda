package io.gridwatch.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.config.DecoderKind;
import io.gridwatch.ingest.sim.rtsp.RtspCameraSimulator;
import io.gridwatch.ingest.testing.TestClips;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The decoder contract on live RTSP cameras, for every back-end, through the factory the
 * camera source uses. Each test reads its own path: the simulator shares one live stream per
 * path, and a fresh one starts at the clip's first (key) frame.
 */
class DecodersOnRtspITCase {

  /** For the frozen-camera test, which times how soon a stalled read gives control back. */
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  /**
   * For tests that only read frames: the production default, so that a loaded machine holding
   * up the simulator's packets for a moment is not mistaken for a fault of the decoder.
   */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
  private static final String PASSWORD = "s3cret pass";

  @TempDir static Path dir;
  static RtspCameraSimulator cameras;

  @BeforeAll
  static void serveCameras() throws IOException {
    Path clip = TestClips.movingSquare(dir, "square.mp4", 320, 240, 75); // key frames at 0, 1 and 2 s
    var b = RtspCameraSimulator.builder().credentials("viewer", PASSWORD);
    for (DecoderKind kind : DecoderKind.values()) {
      for (String use : List.of("all", "keys", "frozen")) {
        b.path(use + "-" + kind.wireName(), clip);
      }
    }
    cameras = b.build().start();
  }

  @AfterAll
  static void stopCameras() {
    if (cameras != null) {
      cameras.close();
    }
  }

  @ParameterizedTest
  @EnumSource(DecoderKind.class)
  void liveFramesComeWithSteadyMediaTimesAndTrueKeyFlags(DecoderKind kind) throws Exception {
    List<Frame> frames = read(decoder(kind, "all", PASSWORD, false), 60);

    assertThat(frames).hasSize(60);
    for (int i = 1; i < frames.size(); i++) {
      assertThat(frames.get(i).ptsMs() - frames.get(i - 1).ptsMs()).as("pts step at frame %d", i).isBetween(39L, 41L);
    }
    assertThat(frames.stream().filter(Frame::keyFrame).map(Frame::seq)).containsExactly(0L, 25L, 50L);
    assertThat(DecoderContractTest.grey(frames.get(30), 5, 5)).isBetween(85, 115);
  }

  @ParameterizedTest
  @EnumSource(DecoderKind.class)
  void keyFramesOnlyGivesOneFrameAGroup(DecoderKind kind) throws Exception {
    List<Frame> frames = read(decoder(kind, "keys", PASSWORD, true), 3);

    assertThat(frames).extracting(Frame::ptsMs).containsExactly(0L, 1000L, 2000L);
    assertThat(frames).allSatisfy(f -> assertThat(f.keyFrame()).isTrue());
  }

  @ParameterizedTest
  @EnumSource(DecoderKind.class)
  void wrongPasswordIsRefusedAndNotShown(DecoderKind kind) {
    VideoDecoder decoder = decoder(kind, "all", "not-it", false);
    assertThatThrownBy(decoder::open)
        .isInstanceOf(VideoSourceException.class)
        .hasMessageStartingWith("camera cam-" + kind.wireName() + ": ")
        .hasMessageContaining("rtsp://viewer:***@")
        .satisfies(e -> assertThat(e.getMessage())
            // GStreamer says 401; FFmpeg gives its error code only
            .containsAnyOf("401", "error " + avutil.AVERROR_HTTP_UNAUTHORIZED)
            .doesNotContain("not-it"));
  }

  @ParameterizedTest
  @EnumSource(DecoderKind.class)
  void frozenCameraEndsOrFailsTheReadInsteadOfHangingIt(DecoderKind kind) throws Exception {
    try (VideoDecoder d = decoder(kind, "frozen", PASSWORD, false, TIMEOUT)) {
      d.open();
      assertThat(d.next()).isNotNull();
      cameras.pause(); // SIGSTOP: connection open, nothing more arrives
      try {
        long t0 = System.nanoTime();
        String outcome = "still streaming";
        try {
          for (int i = 0; i < 500 && outcome.equals("still streaming"); i++) { // buffered frames first
            if (d.next() == null) {
              outcome = "end";
            }
          }
        } catch (VideoSourceException e) {
          assertThat(e).hasMessageStartingWith("camera cam-" + kind.wireName() + ": ");
          outcome = "error";
        }
        // The common guarantee: the reader gets control back, and the worker reconnects.
        // GStreamer fails ("no video within 2000 ms") after one timeout; FFmpeg reports the
        // end of the stream, after several timeouts (it drains its decoder, and every drain
        // waits for the socket again).
        assertThat(outcome).isIn("end", "error");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(TIMEOUT.multipliedBy(8));
      } finally {
        cameras.resume();
      }
    }
  }

  private static VideoDecoder decoder(DecoderKind kind, String use, String password, boolean keyFramesOnly) {
    return decoder(kind, use, password, keyFramesOnly, READ_TIMEOUT);
  }

  private static VideoDecoder decoder(DecoderKind kind, String use, String password, boolean keyFramesOnly,
      Duration socketTimeout) {
    String url;
    try {
      url = Credentials.apply("cam", cameras.url(use + "-" + kind.wireName()).replace("rtsp://", "rtsp://viewer@"),
          "PW", null, Map.of("PW", password));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return DecoderFactory.standard(socketTimeout).create("cam-" + kind.wireName(), url, kind, keyFramesOnly);
  }

  private static List<Frame> read(VideoDecoder decoder, int n) throws IOException {
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
}
