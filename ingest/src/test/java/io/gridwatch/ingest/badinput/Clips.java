package io.gridwatch.ingest.badinput;

import io.gridwatch.contracts.Frame;
import io.gridwatch.ingest.TestFrames;
import io.gridwatch.ingest.decode.VideoDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Crafted inputs for the bad-input tests, made with the system's ffmpeg (Debian's, with libx264
 * and libx265; {@code scripts/install-system-deps.sh} installs it): what the project's own
 * {@link io.gridwatch.ingest.encode.ClipWriter} cannot write (MPEG-TS, H.265, odd codecs, audio).
 */
final class Clips {

  /** Mid-grey background of every crafted clip. */
  static final int BACKGROUND = 100;
  /** Edge of the white square drawn into every crafted clip. */
  static final int SQUARE = 16;

  private Clips() {}

  /**
   * An H.264 clip (no B-frames, a key frame every second) of a grey background with a still
   * white square whose top-left corner is at {@link #squareX}, {@link #squareY}.
   *
   * @param container     ffmpeg's format name: mpegts, matroska, mp4
   * @param tsOffsetSeconds added to every timestamp, to continue an earlier segment's clock
   */
  static Path h264(Path out, String container, int width, int height, double fps, double seconds,
      double tsOffsetSeconds) throws IOException {
    return ffmpeg(out, "-f", "lavfi", "-i", greyWithSquare(width, height, fps, seconds),
        "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0", "-g", Long.toString(Math.round(fps)),
        "-pix_fmt", "yuv420p", "-output_ts_offset", num(tsOffsetSeconds), "-f", container);
  }

  /**
   * FFmpeg's moving test pattern (testsrc2) in H.264 in MPEG-TS: busy pictures, so that damage to
   * the stream shows in the decoded pixels. A key frame every second.
   */
  static Path testPattern(Path out, int width, int height, double fps, double seconds) throws IOException {
    return ffmpeg(out, "-f", "lavfi", "-i", String.format(Locale.ROOT, "testsrc2=size=%dx%d:rate=%s:duration=%s",
            width, height, num(fps), num(seconds)),
        "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0", "-g", Long.toString(Math.round(fps)),
        "-pix_fmt", "yuv420p", "-f", "mpegts");
  }

  /** The same picture as {@link #h264}, in H.265 (HEVC) in MPEG-TS. */
  static Path h265(Path out, int width, int height, double fps, double seconds) throws IOException {
    return ffmpeg(out, "-f", "lavfi", "-i", greyWithSquare(width, height, fps, seconds),
        "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error:bframes=0",
        "-pix_fmt", "yuv420p", "-f", "mpegts");
  }

  static int squareX(int width) {
    return width / 4;
  }

  static int squareY(int height) {
    return height / 2 - SQUARE / 2;
  }

  private static String greyWithSquare(int width, int height, double fps, double seconds) {
    return String.format(Locale.ROOT, "color=c=0x%02x%02x%02x:size=%dx%d:rate=%s:duration=%s,"
            + "drawbox=x=%d:y=%d:w=%d:h=%d:color=white:t=fill",
        BACKGROUND, BACKGROUND, BACKGROUND, width, height, num(fps), num(seconds),
        squareX(width), squareY(height), SQUARE, SQUARE);
  }

  /** Runs {@code ffmpeg ARGS OUT}; fails naming ffmpeg's complaint. */
  static Path ffmpeg(Path out, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y"));
    cmd.addAll(List.of(args));
    cmd.add(out.toString());
    Path log = Files.createTempFile(out.toAbsolutePath().getParent(), "ffmpeg-", ".log");
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new IOException("these tests craft their inputs with ffmpeg, which is not installed"
          + " (scripts/install-system-deps.sh installs it): " + e.getMessage(), e);
    }
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("ffmpeg took over 60 s: " + cmd);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + cmd, e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("ffmpeg failed (" + p.exitValue() + "): " + cmd + "\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /** Opens, reads to the end, closes. */
  static List<Frame> decodeAll(VideoDecoder decoder) throws IOException {
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

  /** Mean absolute difference of two frames' bytes, 0..255. */
  static double difference(Frame a, Frame b) {
    if (a.width() != b.width() || a.height() != b.height()) {
      return 255;
    }
    byte[] pa = TestFrames.bgr(a);
    byte[] pb = TestFrames.bgr(b);
    long sum = 0;
    for (int i = 0; i < pa.length; i++) {
      sum += Math.abs((pa[i] & 0xff) - (pb[i] & 0xff));
    }
    return (double) sum / pa.length;
  }

  /** Mean of B, G and R at x, y. */
  static int grey(Frame f, int x, int y) {
    return TestFrames.grey(f, x, y);
  }
}
