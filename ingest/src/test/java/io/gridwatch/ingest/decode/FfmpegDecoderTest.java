package io.gridwatch.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwatch.contracts.Frame;
import io.gridwatch.ingest.testing.TestClips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegDecoderTest {

  @TempDir Path dir;

  private static List<Frame> decodeAll(VideoDecoder decoder) throws Exception {
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
    List<Frame> frames = decodeAll(new FfmpegDecoder("cam-t", clip.toString(), Duration.ofSeconds(5)));

    assertThat(frames).hasSize(50);
    assertThat(frames.get(0).keyFrame()).isTrue();
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
  void decodedPixelsShowTheSquareWhereItWasDrawn() throws Exception {
    Path clip = TestClips.movingSquare(dir, "square.mp4", 320, 240, 10);
    Frame f = decodeAll(new FfmpegDecoder("cam-t", clip.toString(), Duration.ofSeconds(5))).get(5);
    // frame 5: square at x = 40..56, y = 112..128
    assertThat(grey(f, 48, 120)).isGreaterThan(220);
    assertThat(grey(f, 150, 60)).isBetween(85, 115);
  }

  @Test
  void missingFileIsNamedInTheError() {
    Path missing = dir.resolve("nope.mp4");
    FfmpegDecoder decoder = new FfmpegDecoder("cam-x", missing.toString(), Duration.ofSeconds(2));
    assertThatThrownBy(decoder::open)
        .isInstanceOf(VideoSourceException.class)
        .hasMessageContaining("camera cam-x")
        .hasMessageContaining("nope.mp4");
  }

  @Test
  void fileThatIsNotVideoIsRefused() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.mp4"), "this is not a video\n".repeat(100));
    FfmpegDecoder decoder = new FfmpegDecoder("cam-x", text.toString(), Duration.ofSeconds(2));
    assertThatThrownBy(decoder::open).isInstanceOf(VideoSourceException.class).hasMessageContaining("notes.mp4");
  }

  @Test
  void unreachableStreamFailsWithinTheTimeoutAndHidesThePassword() {
    // Port 9 on loopback: nothing listens, so the connection is refused at once.
    FfmpegDecoder decoder = new FfmpegDecoder("cam-x", "rtsp://admin:s3cret@127.0.0.1:9/live", Duration.ofSeconds(2));
    assertThatThrownBy(decoder::open)
        .isInstanceOf(VideoSourceException.class)
        .hasMessageContaining("rtsp://admin:***@127.0.0.1:9/live")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
  }

  private static int grey(Frame f, int x, int y) {
    int o = (y * f.width() + x) * 3;
    return ((f.bgr()[o] & 0xff) + (f.bgr()[o + 1] & 0xff) + (f.bgr()[o + 2] & 0xff)) / 3;
  }
}
