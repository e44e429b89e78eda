package io.gridwatch.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwatch.contracts.Frame;
import io.gridwatch.ingest.TestFrames;
import io.gridwatch.ingest.testing.TestClips;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every decoder back-end guarantees; each back-end runs it through a subclass, so that a
 * camera can switch back-ends without the detectors noticing.
 */
abstract class DecoderContractTest {

  @TempDir Path dir;

  /** A new, unopened decoder of the back-end under test. */
  abstract VideoDecoder decoder(String cameraId, String source, Duration socketTimeout, boolean keyFramesOnly);

  VideoDecoder decoder(String cameraId, String source, Duration socketTimeout) {
    return decoder(cameraId, source, socketTimeout, false);
  }

  List<Frame> decodeAll(Path clip) throws Exception {
    return decodeAll(decoder("cam-t", clip.toString(), Duration.ofSeconds(5)));
  }

  static List<Frame> decodeAll(VideoDecoder decoder) throws Exception {
    List<Frame> frames = new ArrayList<>();
    try (decoder) {
      decoder.open();
      Frame f;
      while ((f = decoder.next()) != null) {
        frames.add(f);
      }
    }
    return frames;
  }

  @Test
  void decodesEveryFrameOfAGeneratedClipInOrder() throws Exception {
    Path clip = TestClips.movingSquare(dir, "square.mp4", 320, 240, 50);
    List<Frame> frames = decodeAll(clip);

    assertThat(frames).hasSize(50);
    // TestClips writes a key frame every 25 frames
    assertThat(frames.stream().filter(Frame::keyFrame).map(Frame::seq)).containsExactly(0L, 25L);
    assertThat(frames).allSatisfy(f -> {
      assertThat(f.width()).isEqualTo(320);
      assertThat(f.height()).isEqualTo(240);
      assertThat(f.cameraId()).isEqualTo("cam-t");
    });
    for (int i = 1; i < frames.size(); i++) {
      assertThat(frames.get(i).seq()).isEqualTo(i);
      assertThat(frames.get(i).ptsMs() - frames.get(i - 1).ptsMs()).isBetween(39L, 41L);
    }
  }

  @Test
  void keyFramesOnlyGivesJustTheKeyFramesWithTheirTimes() throws Exception {
    Path clip = TestClips.movingSquare(dir, "square.mp4", 320, 240, 60);
    List<Frame> frames = decodeAll(decoder("cam-t", clip.toString(), Duration.ofSeconds(5), true));

    assertThat(frames).extracting(Frame::ptsMs).containsExactly(0L, 1000L, 2000L);
    assertThat(frames).allSatisfy(f -> assertThat(f.keyFrame()).isTrue());
    assertThat(frames).extracting(Frame::seq).containsExactly(0L, 1L, 2L);
    // the key frame at 1 s is frame 25: square at x = 200..216
    assertThat(grey(frames.get(1), 208, 120)).isGreaterThan(220);
  }

  @Test
  void decodedPixelsShowTheSquareWhereItWasDrawn() throws Exception {
    Path clip = TestClips.movingSquare(dir, "square.mp4", 320, 240, 10);
    Frame f = decodeAll(clip).get(5);
    // frame 5: square at x = 40..56, y = 112..128
    assertThat(grey(f, 48, 120)).isGreaterThan(220);
    assertThat(grey(f, 150, 60)).isBetween(85, 115);
  }

  @Test
  void rowsWhoseLengthIsNoMultipleOfFourArePackedWithoutPadding() throws Exception {
    // 322 * 3 = 966 bytes a row: libraries pad such rows to 968 in their own buffers
    Path clip = TestClips.movingSquare(dir, "odd.mp4", 322, 240, 6);
    Frame f = decodeAll(clip).get(5);
    assertThat(f.width()).isEqualTo(322);
    assertThat(TestFrames.bgr(f)).hasSize(322 * 240 * 3);
    // a skewed copy would shift the square sideways row by row
    assertThat(grey(f, 48, 113)).isGreaterThan(220);
    assertThat(grey(f, 48, 126)).isGreaterThan(220);
    assertThat(grey(f, 300, 126)).isBetween(85, 115);
  }

  @Test
  void announcesTheFrameRateOnceOpen() throws Exception {
    Path clip = TestClips.movingSquare(dir, "square.mp4", 320, 240, 5);
    try (VideoDecoder decoder = decoder("cam-t", clip.toString(), Duration.ofSeconds(5))) {
      decoder.open();
      assertThat(decoder.frameRate()).isCloseTo(25.0, org.assertj.core.data.Offset.offset(0.01));
    }
  }

  @Test
  void aPathIsOnlyAPathEvenWithPipelineSyntaxInIt() throws Exception {
    // GStreamer's launch syntax must never see the source: this name would add an element
    Path clip = TestClips.movingSquare(dir, "a ! fakesink name=x \"q\".mp4", 160, 120, 3);
    assertThat(decodeAll(clip)).hasSize(3);
  }

  @Test
  void closingEarlyAndTwiceIsSafe() throws Exception {
    Path clip = TestClips.movingSquare(dir, "square.mp4", 320, 240, 50);
    VideoDecoder decoder = decoder("cam-t", clip.toString(), Duration.ofSeconds(5));
    decoder.open();
    assertThat(decoder.next()).isNotNull();
    decoder.close();
    decoder.close();
  }

  @Test
  void missingFileIsNamedInTheError() {
    Path missing = dir.resolve("nope.mp4");
    VideoDecoder decoder = decoder("cam-x", missing.toString(), Duration.ofSeconds(2));
    assertThatThrownBy(decoder::open)
        .isInstanceOf(VideoSourceException.class)
        .hasMessageStartingWith("camera cam-x: ")
        .hasMessageContaining("nope.mp4");
  }

  @Test
  void fileThatIsNotVideoIsRefused() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.mp4"), "this is not a video\n".repeat(100));
    VideoDecoder decoder = decoder("cam-x", text.toString(), Duration.ofSeconds(2));
    assertThatThrownBy(decoder::open)
        .isInstanceOf(VideoSourceException.class)
        .hasMessageStartingWith("camera cam-x: ")
        .hasMessageContaining("notes.mp4");
  }

  @Test
  void unreachableStreamFailsWithinTheTimeoutAndHidesThePassword() {
    // Port 9 on loopback: nothing listens, so the connection is refused at once.
    VideoDecoder decoder = decoder("cam-x", "rtsp://admin:s3cret@127.0.0.1:9/live", Duration.ofSeconds(2));
    long start = System.nanoTime();
    assertThatThrownBy(decoder::open)
        .isInstanceOf(VideoSourceException.class)
        .hasMessageStartingWith("camera cam-x: ")
        .hasMessageContaining("rtsp://admin:***@127.0.0.1:9/live")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void serverThatNeverAnswersFailsWithinTheTimeout() throws Exception {
    // A camera that accepts the connection and then hangs: only the socket timeout ends it.
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      String url = "rtsp://admin:s3cret@127.0.0.1:" + silent.getLocalPort() + "/live";
      VideoDecoder decoder = decoder("cam-x", url, Duration.ofSeconds(2));
      long start = System.nanoTime();
      assertThatThrownBy(decoder::open)
          .isInstanceOf(VideoSourceException.class)
          .hasMessageStartingWith("camera cam-x: ")
          .hasMessageContaining("rtsp://admin:***@127.0.0.1:" + silent.getLocalPort() + "/live")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
      // FFmpeg gives up after about twice the timeout (4 s here), GStreamer after the timeout
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(7));
      decoder.close();
    }
  }

  static int grey(Frame f, int x, int y) {
    return TestFrames.grey(f, x, y);
  }
}
