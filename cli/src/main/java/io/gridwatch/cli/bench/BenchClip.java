package io.gridwatch.cli.bench;

import io.gridwatch.ingest.encode.ClipWriter;
import io.gridwatch.ingest.sim.Canvas;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Camera-like H.264 footage for the benchmarks: a street with traffic, pedestrians and a bird,
 * plus sensor noise, at 25 fps with a key frame every 2 s and no B-frames, at the bit rate a
 * city camera streams. Content matters: a static or noiseless picture decodes far faster than a
 * real camera's stream and would flatter every figure.
 *
 * <p>Two encoders. {@link Encoder#X264} (the system ffmpeg's libx264, Main profile with CABAC,
 * constant bit rate) is what IP cameras send by default and the default here. {@link
 * Encoder#OPENH264} (ClipWriter, as the demo's clips) makes Constrained Baseline (CAVLC) with
 * key frames hardly larger than the others: cheaper to decode than a camera's stream, so it
 * flatters full decoding and key-frame-only decoding alike.
 *
 * @param size    frame size
 * @param file    the .mp4 file
 * @param frames  frames written
 * @param bitrate target bits per second given to the encoder
 * @param encoder the encoder that wrote it
 */
public record BenchClip(FrameSize size, Path file, int frames, int bitrate, Encoder encoder) {

  /** Which H.264 encoder writes the clip. */
  public enum Encoder {
    X264("libx264 Main profile (CABAC), CBR, via the system ffmpeg"),
    OPENH264("OpenH264 Constrained Baseline (CAVLC), via JavaCV (ClipWriter)");

    private final String description;

    Encoder(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }

    /** Parses x264 or openh264. */
    public static Encoder parse(String name) {
      for (Encoder e : values()) {
        if (e.name().equalsIgnoreCase(name)) {
          return e;
        }
      }
      throw new IllegalArgumentException("encoder '" + name + "' is not x264 or openh264");
    }
  }

  public static final int FPS = 25;
  /** Frames between key frames: one every 2 s, a common camera setting. */
  public static final int GOP = 50;

  /** Length in seconds. */
  public double seconds() {
    return frames / (double) FPS;
  }

  /** Bits per second the encoder actually produced (container overhead included). */
  public double actualBitrate() throws IOException {
    return Files.size(file) * 8 / seconds();
  }

  /**
   * About 4 Mbit/s at 720p and 8 Mbit/s at 1080p, what city cameras commonly send at 25 fps;
   * other sizes in proportion to 720p's pixel count.
   */
  static int bitrateFor(FrameSize size) {
    long pixels = (long) size.width() * size.height();
    if (pixels >= 1920L * 1080) {
      return 8_000_000;
    }
    return (int) Math.max(500_000, 4_000_000L * pixels / (1280L * 720));
  }

  /**
   * The clip {@code bench-WxH-Ns-ENCODER.mp4} in {@code dir}: reused when already there (a clip
   * of 1080p takes most of a minute to encode), else written under a temporary name and moved
   * into place, so an interrupted run leaves no half clip to be reused.
   */
  public static BenchClip make(Path dir, FrameSize size, int seconds, Encoder encoder) throws IOException {
    int frames = seconds * FPS;
    int bitrate = bitrateFor(size);
    Path file = dir.resolve("bench-" + size + "-" + seconds + "s-" + encoder.name().toLowerCase(Locale.ROOT) + ".mp4");
    if (Files.isRegularFile(file) && Files.size(file) > 0) {
      return new BenchClip(size, file, frames, bitrate, encoder);
    }
    Path tmp = dir.resolve(file.getFileName() + ".partial.mp4");
    try (FrameSink sink = encoder == Encoder.X264 ? x264(tmp, size, bitrate) : openH264(tmp, size, bitrate)) {
      draw(size, frames, sink);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new BenchClip(size, file, frames, bitrate, encoder);
  }

  /** Where drawn frames go: an encoder. */
  interface FrameSink extends AutoCloseable {
    void write(byte[] bgr) throws IOException;

    @Override
    void close() throws IOException;
  }

  private static FrameSink openH264(Path out, FrameSize size, int bitrate) throws IOException {
    ClipWriter writer = new ClipWriter(out, size.width(), size.height(), FPS, GOP, bitrate);
    return new FrameSink() {
      @Override
      public void write(byte[] bgr) throws IOException {
        writer.write(bgr);
      }

      @Override
      public void close() throws IOException {
        writer.close();
      }
    };
  }

  /**
   * The system ffmpeg reading raw BGR frames on stdin. Settings of a camera: fixed GOP without
   * scene-cut key frames, no B-frames, bit rate capped with a one-second buffer (cameras send
   * CBR); veryfast is about the effort a camera's hardware encoder spends.
   */
  static FrameSink x264(Path out, FrameSize size, int bitrate) throws IOException {
    String rate = Integer.toString(bitrate);
    Process p = new ProcessBuilder(List.of(IngestBench.FFMPEG, "-hide_banner", "-loglevel", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", size.toString(), "-r", Integer.toString(FPS), "-i", "-",
        "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-pix_fmt", "yuv420p",
        "-g", Integer.toString(GOP), "-keyint_min", Integer.toString(GOP), "-sc_threshold", "0", "-bf", "0",
        "-b:v", rate, "-maxrate", rate, "-bufsize", rate, "-f", "mp4", out.toString()))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    OutputStream stdin = p.getOutputStream();
    return new FrameSink() {
      @Override
      public void write(byte[] bgr) throws IOException {
        stdin.write(bgr);
      }

      @Override
      public void close() throws IOException {
        stdin.close();
        try {
          int code = p.waitFor();
          if (code != 0) {
            throw new IOException("ffmpeg (libx264) exited with code " + code + " writing " + out);
          }
        } catch (InterruptedException e) {
          p.destroyForcibly();
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while encoding " + out, e);
        }
      }
    };
  }

  private static void draw(FrameSize size, int frames, FrameSink sink) throws IOException {
    int w = size.width();
    int h = size.height();
    double s = w / 1280.0; // shapes scale with the frame, so every size shows the same scene
    Canvas canvas = new Canvas(w, h, 42);
    int road = h * 3 / 5; // Canvas paints pavement from here down
    for (int i = 0; i < frames; i++) {
      double t = i / (double) FPS;
      canvas.clear();
      // Traffic in both directions at different speeds, wrapping around the frame.
      car(canvas, wrap(t * 260 * s, w, 220 * s), road + (int) (40 * s), s, 40, 40, 200);
      car(canvas, w - wrap(t * 180 * s + 500 * s, w, 220 * s), road + (int) (120 * s), s, 160, 110, 40);
      car(canvas, wrap(t * 120 * s + 900 * s, w, 220 * s), road + (int) (200 * s), s, 50, 170, 60);
      // A bus, slow and large: big moving areas are what cost a decoder most.
      canvas.fillRect((int) (w - wrap(t * 70 * s, w, 420 * s)), road - (int) (30 * s), (int) (380 * s),
          (int) (110 * s), 30, 150, 230);
      // Pedestrians on the sidewalk, walking at different paces.
      for (int k = 0; k < 5; k++) {
        int x = (int) wrap(t * (35 + 12 * k) * s + k * 260 * s, w, 40 * s);
        canvas.person(k % 2 == 0 ? x : w - x, road + (int) ((8 + 6 * k) * s), (int) (90 * s),
            40 + 30 * k, 60, 150 - 20 * k);
      }
      // A bird crossing the sky on a wavy path.
      canvas.fillCircle((int) wrap(t * 150 * s, w, 20 * s), (int) (h / 8 + 25 * s * Math.sin(t * 3)),
          (int) (6 * s) + 1, 30, 30, 30);
      sink.write(canvas.render(2.5));
    }
  }

  private static void car(Canvas c, double x, int y, double s, int b, int g, int r) {
    c.fillRect((int) x, y, (int) (160 * s), (int) (50 * s), b, g, r);
    c.fillRect((int) (x + 30 * s), y - (int) (28 * s), (int) (90 * s), (int) (30 * s), b, g, r);
    c.fillRect((int) (x + 38 * s), y - (int) (22 * s), (int) (74 * s), (int) (18 * s), 90, 70, 60); // windows
    c.fillCircle((int) (x + 32 * s), y + (int) (50 * s), (int) (14 * s) + 1, 20, 20, 20);
    c.fillCircle((int) (x + 128 * s), y + (int) (50 * s), (int) (14 * s) + 1, 20, 20, 20);
  }

  /** Position along a lane that enters at {@code -margin} and leaves at {@code width}. */
  private static double wrap(double x, int width, double margin) {
    double span = width + margin;
    return ((x % span) + span) % span - margin;
  }
}
