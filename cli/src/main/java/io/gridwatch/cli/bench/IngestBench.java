package io.gridwatch.cli.bench;

import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.config.SamplingConfig;
import io.gridwatch.ingest.decode.FfmpegDecoder;
import io.gridwatch.ingest.decode.FrameGate;
import io.gridwatch.ingest.decode.GstreamerDecoder;
import io.gridwatch.ingest.decode.VideoDecoder;
import io.gridwatch.ingest.sampling.FrameSampler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code gridwatch bench ingest}: what decoding and sampling cost per camera, beside the bare
 * {@code ffmpeg} command line on the same clip in the same run (the bound any JVM wrapper is
 * measured against).
 *
 * <p>Each path gets one warm-up pass (JIT, page cache, GStreamer's plugin registry), then
 * {@code runs} measured runs; the run with the median CPU time is reported. A Java run times
 * only the decode loop, not opening and closing the file: a live camera opens once and streams
 * for days. Likewise the ffmpeg command's start-up is measured and taken off.
 */
public final class IngestBench {

  /** A run shorter than this repeats the clip: key-frame-only decoding of 20 s takes ~50 ms. */
  private static final long MIN_RUN_NS = 1_000_000_000L;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Where {@code ffmpeg} is looked up: PATH, as the reference command does. */
  static final String FFMPEG = "ffmpeg";

  /**
   * One path over one clip: the median run.
   *
   * @param path             what ran, e.g. "sampling every 1 s"
   * @param framesDecoded    frames the decoder returned
   * @param framesSampled    frames the sampler passed on (= decoded for plain decoding)
   * @param videoSeconds     media time covered (passes x clip length)
   * @param wallSeconds      elapsed time of the measured loop
   * @param cpuSeconds       CPU time: the JVM's (all threads) or the ffmpeg child's
   * @param threadCpuSeconds CPU time of the calling thread alone (work on FFmpeg's frame
   *                         threads, GC and JIT is not in it); null where decoding runs on
   *                         other threads anyway (ffmpeg CLI, GStreamer)
   * @param skipped          why the path did not run, else null
   */
  public record Row(String path, long framesDecoded, long framesSampled, double videoSeconds, double wallSeconds,
      double cpuSeconds, Double threadCpuSeconds, String skipped) {

    static Row skipped(String path, String why) {
      return new Row(path, 0, 0, 0, 0, 0, null, why);
    }

    double decodedFps() {
      return framesDecoded / wallSeconds;
    }

    double sampledFps() {
      return framesSampled / wallSeconds;
    }

    /** Decoded frames per second of one core's CPU time. */
    double decodedFpsPerCore() {
      return framesDecoded / cpuSeconds;
    }

    /** CPU ms one camera costs per second of its video, at the clip's native 25 fps. */
    double cpuMsPerVideoSecond() {
      return cpuSeconds * 1000 / videoSeconds;
    }

    double camerasPerCore() {
      return 1000 / cpuMsPerVideoSecond();
    }
  }

  /**
   * The rows of one clip.
   *
   * @param otherCores cores' worth of CPU that other processes used while this clip was measured
   */
  public record ClipResult(BenchClip clip, double actualBitrate, double otherCores, List<Row> rows) {

    Row row(String path) {
      return rows.stream().filter(r -> r.path().equals(path) && r.skipped() == null).findFirst().orElse(null);
    }
  }

  static final String BARE = "ffmpeg -threads 1 (command line)";
  static final String JAVACV = "FfmpegDecoder, full (YUV frames)";
  static final String SINGLE = "JavaCV grabber, 1 codec thread";
  static final String RAW = "JavaCV grabber, decode only";
  static final String GST = "GstreamerDecoder, full";
  static final String FULL = "sampling full";
  static final String KEYFRAMES = "sampling keyframes";
  static final String KEYFRAMES_EVERY_5 = "sampling keyframes every 5 s";

  /** The sampling policies measured, each through FrameSampler with FfmpegDecoder. */
  private static final Map<String, SamplingConfig> POLICIES = new LinkedHashMap<>();

  static {
    POLICIES.put(FULL, SamplingConfig.full());
    POLICIES.put("sampling every 1 s", SamplingConfig.every(1));
    POLICIES.put("sampling every 5 s", SamplingConfig.every(5));
    POLICIES.put(KEYFRAMES, SamplingConfig.keyframes());
    // What a street camera runs: the key frame at or after each 5 s mark, the others not decoded.
    POLICIES.put(KEYFRAMES_EVERY_5, new SamplingConfig(SamplingConfig.Mode.KEYFRAMES, 5.0, null));
    POLICIES.put("sampling motion (defaults)", SamplingConfig.motion(SamplingConfig.DEFAULT_MIN_CHANGED_SHARE,
        SamplingConfig.DEFAULT_MOTION_HEARTBEAT_SECONDS));
  }

  private final int runs;
  private final PrintStream progress;
  /** Written with a byte of every sampled frame, so the JIT cannot drop the pixel copy. */
  private volatile int blackhole;

  public IngestBench(int runs, PrintStream progress) {
    if (runs < 2) {
      throw new IllegalArgumentException("--runs must be at least 2, got " + runs);
    }
    this.runs = runs;
    this.progress = progress;
  }

  /** The first line of {@code ffmpeg -version}, or null when ffmpeg cannot run. */
  public static String ffmpegVersion() {
    return Machine.firstLine(List.of(FFMPEG, "-hide_banner", "-version"));
  }

  /** Measures every path over one clip. */
  public ClipResult measure(BenchClip clip) throws IOException, InterruptedException {
    // What the rest of the machine did meanwhile: other processes' CPU skews wall-clock figures
    // and, less, the per-core ones (shared caches, clock boost), so the report shows it.
    long[] ticks0 = Machine.machineTicks();
    long own0 = Machine.processCpuNs() + Machine.childrenCpuNs();
    long wall0 = System.nanoTime();
    List<Row> rows = new ArrayList<>();
    rows.add(measure(clip, BARE, () -> bareFfmpeg(clip)));
    rows.add(measure(clip, JAVACV, () -> decode(clip, Backend.FFMPEG, null)));
    rows.add(measure(clip, SINGLE, () -> decode(clip, Backend.SINGLE_THREAD, null)));
    rows.add(measure(clip, RAW, () -> decode(clip, Backend.DECODE_ONLY, null)));
    rows.add(measure(clip, GST, () -> decode(clip, Backend.GSTREAMER, null)));
    for (Map.Entry<String, SamplingConfig> p : POLICIES.entrySet()) {
      rows.add(measure(clip, p.getKey(), () -> decode(clip, Backend.FFMPEG, p.getValue())));
    }
    long[] ticks1 = Machine.machineTicks();
    double busyNs = (ticks1[0] - ticks0[0]) * 10_000_000.0; // ticks of all cores, 10 ms each
    double ownNs = Machine.processCpuNs() + Machine.childrenCpuNs() - own0;
    double otherCores = Math.max(0, busyNs - ownNs) / (System.nanoTime() - wall0);
    return new ClipResult(clip, clip.actualBitrate(), otherCores, rows);
  }

  @FunctionalInterface
  private interface Run {
    Row run() throws IOException, InterruptedException;
  }

  private Row measure(BenchClip clip, String path, Run run) throws IOException, InterruptedException {
    progress.printf(Locale.ROOT, "bench: %s: %s (warm-up + %d runs)%n", clip.size(), path, runs);
    progress.flush();
    List<Row> measured = new ArrayList<>();
    try {
      run.run(); // warm-up
      for (int i = 0; i < runs; i++) {
        measured.add(run.run());
      }
    } catch (io.gridwatch.ingest.decode.VideoSourceException e) {
      // A back-end missing on this host (GStreamer) skips its row; the others still count.
      progress.println("bench: " + path + " skipped: " + e.getMessage());
      return Row.skipped(path, e.getMessage());
    }
    // Upper median for an even count: the less flattering of the two middle runs.
    measured.sort(Comparator.comparingDouble(Row::cpuMsPerVideoSecond));
    return named(measured.get(measured.size() / 2), path);
  }

  /**
   * The reference: the ffmpeg command line decoding to nowhere on one thread. Its process start,
   * probing and opening (timed with the same command stopped after one frame, ~40 ms of CPU) are
   * taken off, as the Java runs leave out opening: what remains is decoding alone.
   */
  private Row bareFfmpeg(BenchClip clip) throws IOException, InterruptedException {
    long[] start = ffmpeg(clip, "-frames:v", "1");
    long[] whole = ffmpeg(clip);
    return new Row(BARE, clip.frames(), clip.frames(), clip.seconds(), (whole[0] - start[0]) / 1e9,
        (whole[1] - start[1]) / 1e9, null, null);
  }

  /** Runs {@code ffmpeg -threads 1 -i CLIP [outputOptions] -f null -}: {wall ns, CPU ns}. */
  private static long[] ffmpeg(BenchClip clip, String... outputOptions) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(FFMPEG, "-hide_banner", "-loglevel", "error", "-threads", "1",
        "-i", clip.file().toString()));
    cmd.addAll(List.of(outputOptions));
    cmd.addAll(List.of("-f", "null", "-"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    long cpu0 = Machine.childrenCpuNs();
    long wall0 = System.nanoTime();
    int code = pb.start().waitFor();
    long wall = System.nanoTime() - wall0;
    long cpu = Machine.childrenCpuNs() - cpu0;
    if (code != 0) {
      throw new IOException("ffmpeg exited with code " + code + " decoding " + clip.file());
    }
    return new long[] {wall, cpu};
  }

  /**
   * Decodes the clip, repeated until the run lasts {@link #MIN_RUN_NS}, through a sampler when
   * {@code sampling} is given (its key-frame flag reaches the decoder, as in CameraWorker).
   */
  private enum Backend { FFMPEG, SINGLE_THREAD, DECODE_ONLY, GSTREAMER }

  private Row decode(BenchClip clip, Backend backend, SamplingConfig sampling) throws IOException {
    boolean keysOnly = sampling != null && sampling.keyFramesOnly();
    String path = clip.file().toString();
    long frames = 0;
    long sampled = 0;
    long wallNs = 0;
    long cpuNs = 0;
    long threadNs = 0;
    int passes = 0;
    do {
      try (VideoDecoder d = switch (backend) {
        case FFMPEG -> new FfmpegDecoder("bench", path, TIMEOUT, keysOnly);
        case SINGLE_THREAD -> new SingleThreadGrabber(path, true);
        case DECODE_ONLY -> new SingleThreadGrabber(path, false);
        case GSTREAMER -> new GstreamerDecoder("bench", path, TIMEOUT, keysOnly);
      }) {
        d.open();
        FrameSampler sampler = sampling == null ? null : new FrameSampler(sampling);
        long wall0 = System.nanoTime();
        long cpu0 = Machine.processCpuNs();
        long thread0 = Machine.threadCpuNs();
        Frame f;
        int sink = 0;
        if (backend == Backend.DECODE_ONLY) {
          while (((SingleThreadGrabber) d).decodeOnly()) {
            frames++;
            sampled++;
          }
        }
        // As CameraWorker does: the sampler's gate keeps frames it will refuse from being
        // converted, and those count as decoded.
        FrameGate gate = sampler == null ? FrameGate.ALL : sampler::wouldAccept;
        while (backend != Backend.DECODE_ONLY && (f = d.next(gate)) != null) {
          frames++;
          if (sampler == null || sampler.accept(f)) {
            sampled++;
            sink ^= f.pixels()[f.pixels().length / 2];
          }
        }
        frames += d.framesSkipped();
        threadNs += Machine.threadCpuNs() - thread0;
        cpuNs += Machine.processCpuNs() - cpu0;
        wallNs += System.nanoTime() - wall0;
        blackhole = sink;
      }
      passes++;
    } while (wallNs < MIN_RUN_NS);
    return new Row(null, frames, sampled, passes * clip.seconds(), wallNs / 1e9, cpuNs / 1e9,
        backend == Backend.GSTREAMER ? null : threadNs / 1e9, null);
  }

  // ---- report ----

  /** The table of one clip, and how its figures compare with the targets. */
  public static void print(ClipResult r, PrintStream out) {
    BenchClip c = r.clip();
    Row bare = r.row(BARE);
    Row keys = r.row(KEYFRAMES);
    out.printf(Locale.ROOT, "%n%s H.264 (%s), %.0f s at %d fps, %.2f Mbit/s, GOP %d%s%n", c.size(),
        c.encoder().description(), c.seconds(), BenchClip.FPS, r.actualBitrate() / 1e6, BenchClip.GOP,
        keys == null ? "" : String.format(Locale.ROOT, " (%d key frames decoded per pass)",
            Math.round(keys.framesDecoded() / (keys.videoSeconds() / c.seconds()))));
    out.printf("%-32s %9s %9s %12s %12s %12s %10s %9s%n", "path", "dec fps", "smp fps", "dec fps/core",
        "CPU ms/vid s", "thread ms/s", "cams/core", "vs ffmpeg");
    for (Row row : r.rows()) {
      if (row.skipped() != null) {
        out.printf("%-32s skipped: %s%n", row.path(), row.skipped());
        continue;
      }
      out.printf(Locale.ROOT, "%-32s %9.1f %9.2f %12.1f %12.1f %12s %10.1f %9s%n", row.path(), row.decodedFps(),
          row.sampledFps(), row.decodedFpsPerCore(), row.cpuMsPerVideoSecond(),
          row.threadCpuSeconds() == null ? "-"
              : String.format(Locale.ROOT, "%.1f", row.threadCpuSeconds() * 1000 / row.videoSeconds()),
          row.camerasPerCore(), bare == null ? "-"
              : String.format(Locale.ROOT, "%.2f", bare.cpuMsPerVideoSecond() / row.cpuMsPerVideoSecond()));
    }
    out.printf(Locale.ROOT, "  other processes used %.2f of %d cores on average meanwhile%n", r.otherCores(),
        Runtime.getRuntime().availableProcessors());
    for (Map.Entry<String, Object> t : targets(r).entrySet()) {
      out.println("  " + t.getKey() + ": " + t.getValue());
    }
  }

  /** The two per-clip targets, with the figures that decide them. */
  static Map<String, Object> targets(ClipResult r) {
    Map<String, Object> t = new LinkedHashMap<>();
    Row bare = r.row(BARE);
    Row javacv = r.row(JAVACV);
    Row full = r.row(FULL);
    Row keys = r.row(KEYFRAMES);
    if (bare != null && javacv != null) {
      // Per core, i.e. frames per CPU second: the machine's other load cannot skew it.
      double ratio = javacv.decodedFpsPerCore() / bare.decodedFpsPerCore();
      double wallRatio = javacv.decodedFps() / bare.decodedFps();
      t.put("FfmpegDecoder full decode vs bare ffmpeg (target >= 0.90)", String.format(Locale.ROOT,
          "%.2f per core (%.2f by wall clock): %s", ratio, wallRatio, ratio >= 0.9 ? "met" : "MISSED"));
    }
    Row single = r.row(SINGLE);
    if (bare != null && single != null) {
      t.put("plain JavaCV grabber, one codec thread, vs bare ffmpeg (FfmpegDecoder should match it)", String.format(
          Locale.ROOT, "%.2f per core", single.decodedFpsPerCore() / bare.decodedFpsPerCore()));
    }
    Row raw = r.row(RAW);
    if (bare != null && raw != null && single != null) {
      t.put("JavaCV decoding alone vs bare ffmpeg; BGR conversion and copy per frame", String.format(Locale.ROOT,
          "%.2f per core; %.2f ms", raw.decodedFpsPerCore() / bare.decodedFpsPerCore(),
          (single.cpuSeconds() / single.framesDecoded() - raw.cpuSeconds() / raw.framesDecoded()) * 1000));
    }
    if (full != null && keys != null) {
      double ratio = keys.camerasPerCore() / full.camerasPerCore();
      t.put("key-frame-only vs full decode, cameras per core (target >= 10x)", String.format(Locale.ROOT,
          "%.1fx (%.1f vs %.1f): %s", ratio, keys.camerasPerCore(), full.camerasPerCore(),
          ratio >= 10 ? "met" : "MISSED"));
    }
    return t;
  }

  /** Everything as plain maps and lists, for the JSON file. */
  public static Map<String, Object> toJson(Map<String, Object> machine, String ffmpeg, String javacvFfmpeg,
      List<ClipResult> results) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("machine", machine);
    root.put("ffmpegCommand", ffmpeg);
    root.put("javacvFfmpeg", javacvFfmpeg);
    List<Object> clips = new ArrayList<>();
    for (ClipResult r : results) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("size", r.clip().size().toString());
      c.put("encoder", r.clip().encoder().description());
      c.put("seconds", r.clip().seconds());
      c.put("fps", BenchClip.FPS);
      c.put("gop", BenchClip.GOP);
      c.put("targetBitrate", r.clip().bitrate());
      c.put("actualBitrate", Math.round(r.actualBitrate()));
      c.put("otherProcessesCores", r.otherCores());
      List<Object> rows = new ArrayList<>();
      for (Row row : r.rows()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", row.path());
        if (row.skipped() != null) {
          m.put("skipped", row.skipped());
        } else {
          m.put("framesDecoded", row.framesDecoded());
          m.put("framesSampled", row.framesSampled());
          m.put("videoSeconds", row.videoSeconds());
          m.put("wallSeconds", row.wallSeconds());
          m.put("cpuSeconds", row.cpuSeconds());
          m.put("threadCpuSeconds", row.threadCpuSeconds());
          m.put("decodedFps", row.decodedFps());
          m.put("sampledFps", row.sampledFps());
          m.put("decodedFpsPerCore", row.decodedFpsPerCore());
          m.put("cpuMsPerVideoSecond", row.cpuMsPerVideoSecond());
          m.put("camerasPerCore", row.camerasPerCore());
        }
        rows.add(m);
      }
      c.put("rows", rows);
      c.put("targets", targets(r));
      clips.add(c);
    }
    root.put("clips", clips);
    return root;
  }

  /** The Row for a path, named after it ran (a run does not know its own label). */
  private static Row named(Row r, String path) {
    return new Row(path, r.framesDecoded(), r.framesSampled(), r.videoSeconds(), r.wallSeconds(), r.cpuSeconds(),
        r.threadCpuSeconds(), r.skipped());
  }
}
