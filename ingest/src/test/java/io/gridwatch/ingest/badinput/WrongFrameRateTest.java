package io.gridwatch.ingest.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.config.SamplingConfig;
import io.gridwatch.ingest.decode.VideoDecoder;
import io.gridwatch.ingest.sampling.FrameSampler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cameras whose frames do not come at the rate they announce. Frame times must follow the
 * stream's timestamps, never frame number / announced rate, so that sampling "every 1 s" takes
 * one frame per second of media time however many frames that second holds.
 */
class WrongFrameRateTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir static Path dir;
  static Path announces25Sends5;
  static Path dropsFrom25To5;

  @BeforeAll
  static void craftLyingClips() throws Exception {
    // 10 s at 5 fps in Matroska, whose track header then claims 25 fps: DefaultDuration (EBML
    // id 0x23E383, nanoseconds per frame) is patched from 200 ms to 40 ms.
    Path slow = Clips.h264(dir.resolve("slow.mkv"), "matroska", 320, 240, 5, 10, 0);
    byte[] mkv = Files.readAllBytes(slow);
    byte[] defaultDuration200ms = {0x23, (byte) 0xE3, (byte) 0x83, (byte) 0x84, 0x0B, (byte) 0xEB, (byte) 0xC2, 0x00};
    int at = indexOf(mkv, defaultDuration200ms);
    assertThat(at).as("DefaultDuration of 200 ms in %s", slow).isNotNegative();
    assertThat(indexOf(mkv, defaultDuration200ms, at + 1)).as("a second DefaultDuration").isNegative();
    ByteBuffer.wrap(mkv, at + 4, 4).putInt(40_000_000);
    announces25Sends5 = Files.write(dir.resolve("announces-25-sends-5.mkv"), mkv);

    // 2 s at 25 fps, then 4 s at 5 fps with the clock running on (a camera that lowers its rate
    // in the dark, or drops frames under load), in one MPEG-TS stream.
    ByteArrayOutputStream ts = new ByteArrayOutputStream();
    ts.write(Files.readAllBytes(Clips.h264(dir.resolve("fast.ts"), "mpegts", 320, 240, 25, 2, 0)));
    ts.write(Files.readAllBytes(Clips.h264(dir.resolve("slow.ts"), "mpegts", 320, 240, 5, 4, 2)));
    dropsFrom25To5 = Files.write(dir.resolve("25-then-5.ts"), ts.toByteArray());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void framesSentAtFivePerSecondUnderAClaimOf25AreTimedByTheirTimestamps(Backend backend) throws Exception {
    List<Frame> frames = new ArrayList<>();
    try (VideoDecoder decoder = backend.decoder("cam-w", announces25Sends5.toString(), TIMEOUT)) {
      decoder.open();
      // The claim gets through: both back-ends announce the container's 25 fps ...
      assertThat(decoder.frameRate()).isCloseTo(25.0, Offset.offset(0.01));
      Frame f;
      while ((f = decoder.next()) != null) {
        frames.add(f);
      }
    }
    // ... but the 50 frames are 200 ms apart, spanning the whole 10 s.
    assertThat(frames).hasSize(50);
    for (int i = 1; i < frames.size(); i++) {
      assertThat(frames.get(i).ptsMs() - frames.get(i - 1).ptsMs()).as("pts step at frame %d", i)
          .isBetween(199L, 201L);
    }
    assertThat(frames.get(49).ptsMs() - frames.get(0).ptsMs()).isBetween(9_799L, 9_801L);
    // One sampled frame per second of media time: 10, not the 2 that 50 frames at 25 fps make.
    assertThat(sampledOncePerSecond(frames)).hasSize(10);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void aCameraThatDropsItsRateMidStreamIsStillSampledByMediaTime(Backend backend) throws Exception {
    List<Frame> frames = Clips.decodeAll(backend.decoder("cam-w", dropsFrom25To5.toString(), TIMEOUT));

    assertThat(frames).hasSize(2 * 25 + 4 * 5);
    long first = frames.get(0).ptsMs();
    for (int i = 1; i < frames.size(); i++) {
      long step = frames.get(i).ptsMs() - frames.get(i - 1).ptsMs();
      assertThat(step).as("pts step at frame %d", i).isBetween(i <= 50 ? 39L : 199L, i <= 50 ? 41L : 201L);
    }
    assertThat(frames.get(frames.size() - 1).ptsMs() - first).isBetween(5_799L, 5_801L);
    // 6 s of media: 6 samples, at 0, 1, ... 5 s.
    List<Frame> sampled = sampledOncePerSecond(frames);
    assertThat(sampled).extracting(f -> (f.ptsMs() - first + 50) / 1000).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
  }

  private static List<Frame> sampledOncePerSecond(List<Frame> frames) {
    FrameSampler sampler = new FrameSampler(SamplingConfig.every(1));
    return frames.stream().filter(sampler::accept).toList();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    return indexOf(haystack, needle, 0);
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
