package io.gridwatch.ingest.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.Frame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Damage in the middle of an H.264 MPEG-TS stream, as a flaky link or a failing SD card leaves
 * it: the decoder loses what was damaged and nothing else. No exception escapes, frames keep
 * coming after the damage with their timestamps running on, and from the next key frame on the
 * pictures are exactly those of the undamaged stream.
 *
 * <p>Neither back-end tells its caller about a decode error: FFmpeg conceals broken slices (its
 * log is silenced), GStreamer's decoder at most posts bus warnings, which GstreamerDecoder does
 * not keep (only errors end a stream). What can be counted is frames: fewer come out of the
 * damaged stream than out of the clean one, and the missing ones are a gap in the timestamps.
 */
class CorruptPacketsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int FPS = 25;
  private static final int SECONDS = 8;
  private static final int TS_PACKET = 188;

  @TempDir static Path dir;
  static Path clean;
  static Path overwritten;
  static Path garbledPayload;
  static Path cutShort;

  @BeforeAll
  static void damageAClip() throws IOException {
    clean = Clips.testPattern(dir.resolve("clean.ts"), 320, 240, FPS, SECONDS);
    byte[] bytes = Files.readAllBytes(clean);

    // 1. 4 KB of garbage over everything in the middle: TS headers included, so the demuxer
    //    loses sync and drops whole packets (as a corrupted file or a broken TCP relay would).
    byte[] a = bytes.clone();
    byte[] junk = new byte[4096];
    new Random(42).nextBytes(junk);
    System.arraycopy(junk, 0, a, a.length / 2, junk.length);
    overwritten = Files.write(dir.resolve("overwritten.ts"), a);

    // 2. TS framing intact, the H.264 inside garbled: the decoder itself is fed garbage.
    garbledPayload = Files.write(dir.resolve("garbled.ts"), garbleVideoPayload(bytes.clone(), 150));

    // 3. A recording cut off in the middle of a packet (a camera that lost power).
    byte[] c = new byte[bytes.length * 3 / 4 + 77];
    System.arraycopy(bytes, 0, c, 0, c.length);
    cutShort = Files.write(dir.resolve("cut.ts"), c);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void garbageOverPacketsMidStreamCostsOnlyTheFramesItHit(Backend backend) throws Exception {
    Map<Long, Frame> good = byPts(Clips.decodeAll(backend.decoder("cam-c", clean.toString(), TIMEOUT)));
    List<Frame> frames = Clips.decodeAll(backend.decoder("cam-c", overwritten.toString(), TIMEOUT));

    assertThat(good).hasSize(FPS * SECONDS);
    // Frames were lost (measured: 8 of 200 with both back-ends), but only a few.
    assertThat(frames.size()).isLessThan(good.size()).isGreaterThan(good.size() * 8 / 10);
    List<Long> pts = relativePts(frames);
    assertThat(pts).isSorted().doesNotHaveDuplicates();
    // The stream runs on to its end: the last frame is the clean stream's last frame.
    assertThat(pts.get(pts.size() - 1)).isEqualTo((FPS * SECONDS - 1) * 1000L / FPS);
    // The lost frames are one gap, in the middle, where the garbage went.
    List<long[]> gaps = gaps(pts);
    assertThat(gaps).hasSize(1);
    assertThat(gaps.get(0)[0]).isBetween(SECONDS * 1000L / 4, SECONDS * 1000L * 3 / 4);
    assertThat((gaps.get(0)[1] - gaps.get(0)[0]) / (1000 / FPS) - 1).isEqualTo(good.size() - frames.size());
    // From the next key frame on, the pictures are the clean stream's.
    long recovered = (gaps.get(0)[1] / 1000 + 1) * 1000;
    assertSameAsClean(frames, good, recovered);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void garbledVideoInsideIntactPacketsIsConcealedAndEveryFrameStillComes(Backend backend) throws Exception {
    Map<Long, Frame> good = byPts(Clips.decodeAll(backend.decoder("cam-c", clean.toString(), TIMEOUT)));
    List<Frame> frames = Clips.decodeAll(backend.decoder("cam-c", garbledPayload.toString(), TIMEOUT));

    // Both decoders conceal broken slices and still put out a picture for every frame.
    assertThat(relativePts(frames)).containsExactlyElementsOf(good.keySet());
    // The garbage did reach the decoder: some pictures differ visibly from the clean ones ...
    double worst = 0;
    Map<Long, Frame> damaged = byPts(frames);
    for (var e : damaged.entrySet()) {
      worst = Math.max(worst, Clips.difference(e.getValue(), good.get(e.getKey())));
    }
    assertThat(worst).as("largest mean difference to the clean picture").isGreaterThan(5);
    // ... and the last second, after the next key frames, is exactly the clean stream again.
    assertSameAsClean(frames, good, (SECONDS - 1) * 1000L);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void aRecordingCutOffMidPacketEndsCleanlyWithTheFramesBeforeTheCut(Backend backend) throws Exception {
    List<Frame> frames = Clips.decodeAll(backend.decoder("cam-c", cutShort.toString(), TIMEOUT));

    // About three quarters of the 8 s made it; the last, partial frame may or may not.
    List<Long> pts = relativePts(frames);
    assertThat(pts).isSorted().doesNotHaveDuplicates();
    assertThat(frames.size()).isBetween(FPS * SECONDS * 6 / 10, FPS * SECONDS * 9 / 10);
    assertThat(gaps(pts)).isEmpty();
  }

  /**
   * Overwrites the payload of {@code count} video packets (PID 0x100, ffmpeg's first stream)
   * from a third into the stream, leaving TS headers, adaptation fields and the packets that
   * start a PES (with its timestamps) alone.
   */
  private static byte[] garbleVideoPayload(byte[] ts, int count) {
    Random random = new Random(7);
    int packets = ts.length / TS_PACKET;
    int garbled = 0;
    for (int p = packets / 3; p < packets && garbled < count; p++) {
      int o = p * TS_PACKET;
      if (ts[o] != 0x47) {
        throw new IllegalStateException("not an MPEG-TS packet at " + o);
      }
      int pid = ((ts[o + 1] & 0x1f) << 8) | (ts[o + 2] & 0xff);
      boolean payloadStart = (ts[o + 1] & 0x40) != 0;
      int adaptation = (ts[o + 3] >> 4) & 3;
      if (pid != 0x100 || payloadStart || (adaptation & 1) == 0) {
        continue;
      }
      int start = o + 4 + ((adaptation & 2) != 0 ? 1 + (ts[o + 4] & 0xff) : 0);
      for (int i = start; i < o + TS_PACKET; i++) {
        ts[i] = (byte) random.nextInt(256);
      }
      garbled++;
    }
    return ts;
  }

  /**
   * Frames by media time from the first frame: FFmpeg reports MPEG-TS times from the stream's
   * clock origin (1.4 s, ffmpeg's muxing delay), GStreamer from the first frame.
   */
  private static Map<Long, Frame> byPts(List<Frame> frames) {
    Map<Long, Frame> map = new LinkedHashMap<>();
    long first = frames.get(0).ptsMs();
    for (Frame f : frames) {
      map.put(f.ptsMs() - first, f);
    }
    return map;
  }

  private static List<Long> relativePts(List<Frame> frames) {
    return new ArrayList<>(byPts(frames).keySet());
  }

  /** Pairs of (last pts before, first pts after) wherever frames are missing. */
  private static List<long[]> gaps(List<Long> pts) {
    List<long[]> gaps = new ArrayList<>();
    for (int i = 1; i < pts.size(); i++) {
      if (pts.get(i) - pts.get(i - 1) > 1000 / FPS + 1) {
        gaps.add(new long[] {pts.get(i - 1), pts.get(i)});
      }
    }
    return gaps;
  }

  private static void assertSameAsClean(List<Frame> frames, Map<Long, Frame> good, long fromPtsMs) {
    Map<Long, Frame> damaged = byPts(frames);
    int compared = 0;
    for (var e : damaged.entrySet()) {
      if (e.getKey() >= fromPtsMs) {
        assertThat(Clips.difference(e.getValue(), good.get(e.getKey())))
            .as("difference to the clean picture at %d ms", e.getKey()).isLessThan(1.0);
        compared++;
      }
    }
    assertThat(compared).as("frames compared from %d ms on", fromPtsMs).isGreaterThanOrEqualTo(FPS / 2);
  }
}
