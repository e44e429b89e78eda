package io.gridwatch.ingest.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwatch.contracts.Frame;
import io.gridwatch.ingest.decode.VideoSourceException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Streams the back-end cannot turn into pictures: a video codec no decoder knows, and a stream
 * without any video. Each is refused by open() with a VideoSourceException naming the camera and
 * the source, quickly, instead of hanging, crashing the JVM or handing out empty frames.
 *
 * <p>Both back-ends here decode H.264, H.265, VP9 and AV1 (GStreamer through gstreamer1.0-libav
 * and plugins-bad, which scripts/install-system-deps.sh installs), so "a codec it cannot decode"
 * is made by relabelling an H.264 stream with a FourCC no codec has, as a camera with a
 * proprietary codec would send. H.265 is checked the other way round: a camera switched to it
 * must not look broken.
 */
class UndecodableStreamTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir static Path dir;
  static Path unknownCodec;
  static Path audioOnly;
  static Path hevc;

  @BeforeAll
  static void craftInputs() throws Exception {
    Path h264 = Clips.h264(dir.resolve("h264.ts"), "mpegts", 320, 240, 25, 1, 0);
    // -strict -2 lets the AVI muxer write a FourCC that does not belong to the codec.
    unknownCodec = Clips.ffmpeg(dir.resolve("proprietary.avi"), "-i", h264.toString(), "-c:v", "copy",
        "-strict", "-2", "-tag:v", "GWX1");
    audioOnly = Clips.ffmpeg(dir.resolve("microphone.mp4"), "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
        "-c:a", "aac");
    hevc = Clips.h265(dir.resolve("hevc.ts"), 320, 240, 25, 1);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void aVideoCodecNoDecoderKnowsIsRefusedByOpenNamingTheSource(Backend backend) {
    long start = System.nanoTime();
    assertThatThrownBy(() -> backend.decoder("cam-c", unknownCodec.toString(), TIMEOUT).open())
        .isInstanceOf(VideoSourceException.class)
        .hasMessageStartingWith("camera cam-c: ")
        .hasMessageContaining(unknownCodec.toString())
        // Each back-end says it in its own words: FFmpeg skips a stream without a codec and then
        // finds no video ("Did not find a video or audio stream inside ..."), GStreamer's
        // decodebin names the caps it has no decoder for ("Your GStreamer installation is
        // missing a plug-in. (...: Missing decoder: video/x-avi-unknown (...fourcc=...))").
        .hasMessageContaining(backend == Backend.FFMPEG ? "Did not find a video" : "Missing decoder");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void aStreamWithoutVideoIsRefusedAsHavingNoDecodableVideo(Backend backend) {
    long start = System.nanoTime();
    assertThatThrownBy(() -> backend.decoder("cam-c", audioOnly.toString(), TIMEOUT).open())
        .isInstanceOf(VideoSourceException.class)
        .hasMessageStartingWith("camera cam-c: ")
        .hasMessageContaining(audioOnly.toString())
        .hasMessageContaining("has no decodable video stream");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void anH265CameraIsDecodedLikeAnH264One(Backend backend) throws Exception {
    List<Frame> frames = Clips.decodeAll(backend.decoder("cam-c", hevc.toString(), TIMEOUT));

    assertThat(frames).hasSize(25);
    Frame f = frames.get(12);
    assertThat(f.width()).isEqualTo(320);
    assertThat(f.height()).isEqualTo(240);
    assertThat(Clips.grey(f, Clips.squareX(320) + 8, Clips.squareY(240) + 8)).isGreaterThan(220);
    assertThat(Clips.grey(f, 250, 40)).isBetween(Clips.BACKGROUND - 15, Clips.BACKGROUND + 15);
  }
}
