package io.gridwatch.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.PixelFormat;
import io.gridwatch.ingest.TestFrames;
import io.gridwatch.ingest.testing.TestClips;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FfmpegDecoderTest extends DecoderContractTest {

  @Override
  VideoDecoder decoder(String cameraId, String source, Duration socketTimeout, boolean keyFramesOnly) {
    return new FfmpegDecoder(cameraId, source, socketTimeout, keyFramesOnly);
  }

  @Test
  void framesTheGateRefusesAreDecodedButNotConvertedAndStillNumbered() throws Exception {
    Path clip = TestClips.movingSquare(dir, "gate.mp4", 320, 240, 50);
    List<Frame> frames = new ArrayList<>();
    try (FfmpegDecoder d = new FfmpegDecoder("cam-t", clip.toString(), Duration.ofSeconds(5))) {
      d.open();
      Frame f;
      while ((f = d.next((ptsMs, key) -> ptsMs % 1000 == 0)) != null) {
        frames.add(f);
      }
      assertThat(d.framesSkipped()).isEqualTo(48);
    }
    assertThat(frames).extracting(Frame::ptsMs).containsExactly(0L, 1000L);
    assertThat(frames).extracting(Frame::seq).containsExactly(0L, 25L);
  }

  @Test
  void withKeyFramesOnlyAKeyFrameTheGateRefusesIsNotDecodedAtAll() throws Exception {
    // A key frame every second for 4 s; the gate wants one every 2 s.
    Path clip = TestClips.movingSquare(dir, "keys.mp4", 320, 240, 100);
    List<Frame> frames = new ArrayList<>();
    try (FfmpegDecoder d = new FfmpegDecoder("cam-t", clip.toString(), Duration.ofSeconds(5), true)) {
      d.open();
      Frame f;
      while ((f = d.next((ptsMs, key) -> ptsMs % 2000 == 0)) != null) {
        frames.add(f);
      }
      assertThat(d.framesSkipped()).as("decoded and then refused").isZero();
    }
    assertThat(frames).extracting(Frame::ptsMs).containsExactly(0L, 2000L);
    assertThat(frames).extracting(Frame::seq).as("only the wanted key frames were decoded").containsExactly(0L, 1L);
  }

  @Test
  void h264FramesAreHandedOnInTheDecodersYuvWithoutAColourConversion() throws Exception {
    Path clip = TestClips.movingSquare(dir, "yuv.mp4", 320, 240, 6);
    try (FfmpegDecoder d = new FfmpegDecoder("cam-t", clip.toString(), Duration.ofSeconds(5))) {
      d.open();
      Frame f = d.next();
      assertThat(f.format()).isEqualTo(PixelFormat.I420);
      assertThat(f.pixels()).hasSize(320 * 240 * 3 / 2);
      // grey 100 ground, white square at the left of the middle row
      assertThat(TestFrames.grey(f, 200, 20)).isBetween(90, 110);
      assertThat(TestFrames.grey(f, 8, 120)).isGreaterThan(220);
    }
  }
}
