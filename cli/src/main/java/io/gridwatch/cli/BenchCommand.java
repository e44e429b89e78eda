package io.gridwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gridwatch.cli.GridWatchCli.BadInputException;
import io.gridwatch.cli.bench.BenchClip;
import io.gridwatch.cli.bench.CamerasBench;
import io.gridwatch.cli.bench.FrameSize;
import io.gridwatch.cli.bench.IngestBench;
import io.gridwatch.cli.bench.Machine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gridwatch bench}: what ingest costs on this machine (see docs/benchmarks.md). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks of ingest and detection on this machine; see docs/benchmarks.md.",
    subcommands = {BenchCommand.Ingest.class, BenchCommand.Cameras.class, BenchCommand.Incidents.class,
        BenchCommand.River.class, BenchCommand.Street.class, BenchCommand.Throwing.class, BenchCommand.State.class,
        CommandLine.HelpCommand.class})
final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** {@code gridwatch bench ingest}: decode and sampling cost per camera, beside bare ffmpeg. */
  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description = {
          "Generates camera-like H.264 clips (25 fps, key frame every 2 s, no B-frames, ~4 Mbit/s "
              + "at 720p, ~8 at 1080p) and measures, on each: the bare `ffmpeg -threads 1 -i CLIP -f null -`, "
              + "full decoding with FfmpegDecoder (YUV frames), with JavaCV held to one codec thread and with "
              + "GstreamerDecoder, and every sampling policy through FfmpegDecoder (full, every 1 s, every "
              + "5 s, keyframes, motion). Reports decoded and sampled frames/s, CPU ms per second of video "
              + "and the cameras one core can serve. Takes a few minutes.",
          "The table goes to stdout, progress to stderr.",
          "Exit codes: 0 done, 2 bad input or ffmpeg missing (scripts/install-system-deps.sh installs it)."})
  static final class Ingest implements Callable<Integer> {

    @Option(names = "--seconds", defaultValue = "20", description = "Length of each clip (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--sizes", defaultValue = "1280x720,1920x1080", split = ",", paramLabel = "WxH",
        description = "Frame sizes, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> sizes;

    @Option(names = "--encoder", defaultValue = "x264", paramLabel = "x264|openh264",
        description = "Encoder of the clip: x264 (Main profile, as cameras send; needs the system ffmpeg) or "
            + "openh264 (Constrained Baseline, as the demo's clips) (default: ${DEFAULT-VALUE}).")
    String encoder;

    @Option(names = "--runs", defaultValue = "3", description = "Measured runs per path, the median reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Keep the clips here and reuse them next time (default: a temporary folder, deleted after).")
    Path outDir;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
    Path json;

    @Override
    public Integer call() throws Exception {
      if (seconds < 4 || seconds > 600) {
        throw new BadInputException("--seconds must be within 4..600, got " + seconds);
      }
      if (runs < 2 || runs > 20) {
        throw new BadInputException("--runs must be within 2..20, got " + runs);
      }
      List<FrameSize> frameSizes = new ArrayList<>();
      for (String s : sizes) {
        frameSizes.add(parseSize("--sizes", s));
      }
      BenchClip.Encoder clipEncoder = parseEncoder(encoder);
      String ffmpeg = requireFfmpeg();
      PrintStream out = System.out;
      PrintStream err = System.err;
      Map<String, Object> machine = Machine.describe();
      String javacvFfmpeg = org.bytedeco.ffmpeg.global.avutil.av_version_info().getString();
      err.println("bench: " + Machine.line(machine));
      err.println("bench: " + ffmpeg + "; JavaCV's FFmpeg " + javacvFfmpeg);
      Path dir = outDir != null ? Files.createDirectories(outDir) : Files.createTempDirectory("gridwatch-bench-");
      try {
        IngestBench bench = new IngestBench(runs, err);
        List<IngestBench.ClipResult> results = new ArrayList<>();
        for (FrameSize size : frameSizes) {
          err.printf("bench: generating the %s clip (%d s) in %s%n", size, seconds, dir);
          results.add(bench.measure(BenchClip.make(dir, size, seconds, clipEncoder)));
        }
        out.println("machine: " + Machine.line(machine));
        out.println("reference: " + ffmpeg + "; JavaCV's FFmpeg " + javacvFfmpeg);
        results.forEach(r -> IngestBench.print(r, out));
        out.flush();
        if (json != null) {
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
              .writeValue(json.toFile(), IngestBench.toJson(machine, ffmpeg, javacvFfmpeg, results));
          err.println("bench: wrote " + json);
        }
      } finally {
        if (outDir == null) {
          deleteTree(dir);
        }
      }
      return 0;
    }
  }

  /** {@code gridwatch bench incidents}: ingest rate, list latency, alert-to-live-stream latency. */
  @Command(
      name = "incidents",
      mixinStandardHelpOptions = true,
      description = {
          "Measures the incident service: (1) alerts/s ingested into a fresh RocksDB store on one thread; "
              + "(2) GET /api/incidents latency over HTTP with --incidents stored, for several filters; "
              + "(3) alert sent to an in-process Kafka broker -> its incident on the live stream (SSE). "
              + "Figures go to stdout, progress to stderr.",
          "Exit codes: 0 done, 2 bad input."})
  static final class Incidents implements Callable<Integer> {

    @Option(names = "--alerts", defaultValue = "200000", description = "Alerts ingested (default: ${DEFAULT-VALUE}).")
    int alerts;

    @Option(names = "--incidents", defaultValue = "1000000", description = "Incidents stored for the list queries (default: ${DEFAULT-VALUE}).")
    long incidents;

    @Option(names = "--queries", defaultValue = "200", description = "Timed list queries per filter (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--live-alerts", defaultValue = "1000", description = "Alerts sent for the live-stream latency (default: ${DEFAULT-VALUE}).")
    int liveAlerts;

    @Option(names = "--rate", defaultValue = "50", description = "Alerts per second for the live-stream latency (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--only", paramLabel = "ingest|list|live", description = "Run one part only.")
    String only;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "Keep the stores here; the list store is reused next time (default: a temporary folder, deleted after).")
    Path dir;

    @Override
    public Integer call() throws Exception {
      if (only != null && !List.of("ingest", "list", "live").contains(only)) {
        throw new BadInputException("--only must be ingest, list or live, got '" + only + "'");
      }
      if (alerts < 10_000 || incidents < 1_000 || queries < 20 || liveAlerts < 20 || rate < 1 || rate > 10_000) {
        throw new BadInputException("--alerts >= 10000, --incidents >= 1000, --queries >= 20, --live-alerts >= 20, "
            + "--rate 1..10000");
      }
      PrintStream out = System.out;
      PrintStream err = System.err;
      Map<String, Object> machine = Machine.describe();
      err.println("bench: " + Machine.line(machine));
      Path root = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("gridwatch-bench-incidents-");
      io.gridwatch.cli.bench.IncidentBench bench = new io.gridwatch.cli.bench.IncidentBench(err);
      try {
        out.println("machine: " + Machine.line(machine));
        if (only == null || only.equals("ingest")) {
          Path ingestDir = root.resolve("ingest-" + System.nanoTime());
          var r = bench.ingest(ingestDir, alerts);
          out.printf("ingest: %,d alerts in %.2f s wall = %,.0f alerts/s; CPU: ingest thread %.2f s, whole JVM %.2f s "
                  + "= %,.0f alerts per CPU-second; %,d incidents; load average %.1f%n",
              r.alerts(), r.seconds(), r.alertsPerSecond(), r.cpuSeconds(), r.processCpuSeconds(),
              r.alertsPerCpuSecond(), r.incidents(), io.gridwatch.cli.bench.IncidentBench.loadAverage());
          deleteTree(ingestDir);
        }
        if (only == null || only.equals("list")) {
          for (var l : bench.list(root.resolve("list-store"), incidents, queries)) {
            out.printf("list (%,d stored): %-34s %s%n", incidents, l.what(), io.gridwatch.cli.bench.IncidentBench.format(l));
          }
        }
        if (only == null || only.equals("live")) {
          Path liveDir = root.resolve("live-" + System.nanoTime());
          var l = bench.live(liveDir, liveAlerts, rate);
          out.printf("live: %s %s%n", l.what(), io.gridwatch.cli.bench.IncidentBench.format(l));
          deleteTree(liveDir);
        }
        out.flush();
      } finally {
        if (dir == null) {
          deleteTree(root);
        }
      }
      return 0;
    }
  }

  /** {@code gridwatch bench river}: one river camera's decode and detector cost per sampled frame. */
  @Command(
      name = "river",
      mixinStandardHelpOptions = true,
      description = {
          "Replays river clips as their cameras are read (the scene file's sampling; key frames only for "
              + "`keyframes`) through the river detector, on one thread, twice; the second run is reported. "
              + "Prints, per clip, the CPU time of decoding and of the detector per sampled frame, CPU ms per "
              + "second of video, the river cameras one core serves at that rate, and the detector's largest "
              + "state.",
          "Each CLIP is a video with its scene file beside it as CLIP-without-extension.scene.yaml "
              + "(what `gridwatch sim --scene river` writes).",
          "Exit codes: 0 done, 2 bad input."})
  static final class River implements Callable<Integer> {

    @CommandLine.Parameters(arity = "1..*", paramLabel = "CLIP", description = "River clips (.mp4) with scene files.")
    List<Path> clips;

    @Override
    public Integer call() throws Exception {
      PrintStream out = System.out;
      Map<String, Object> machine = Machine.describe();
      out.println("machine: " + Machine.line(machine));
      io.gridwatch.cli.bench.RiverBench.printHeader(out);
      for (Path clip : clips) {
        String name = clip.getFileName().toString();
        Path sceneFile = clip.resolveSibling(name.replaceFirst("\\.[^.]+$", "") + ".scene.yaml");
        if (!Files.isRegularFile(clip) || !Files.isRegularFile(sceneFile)) {
          throw new BadInputException(clip + ": needs the clip and its scene file " + sceneFile);
        }
        io.gridwatch.contracts.config.SceneConfig scene =
            io.gridwatch.contracts.config.YamlConfigReader.read(sceneFile, io.gridwatch.contracts.config.SceneConfig.class);
        if (scene.river() == null) {
          throw new BadInputException(sceneFile + ": not a river scene");
        }
        io.gridwatch.cli.bench.RiverBench.run(scene, clip.toString()); // warm-up: JIT, native libraries, HOG
        io.gridwatch.cli.bench.RiverBench.Result r = io.gridwatch.cli.bench.RiverBench.run(scene, clip.toString());
        String size;
        try (var probe = org.bytedeco.javacv.FFmpegFrameGrabber.createDefault(clip.toFile())) {
          probe.start();
          size = probe.getImageWidth() + "x" + probe.getImageHeight();
          probe.stop();
        }
        io.gridwatch.cli.bench.RiverBench.print(r, size, out);
        out.flush();
      }
      return 0;
    }
  }

  /** {@code gridwatch bench cameras}: many RTSP cameras through the camera source for minutes. */
  @Command(
      name = "cameras",
      mixinStandardHelpOptions = true,
      description = {
          "Serves a generated clip as N live RTSP cameras and reads them with the camera source in a "
              + "local Flink MiniCluster (RocksDB state backend, parallelism 2) for some minutes. Every "
              + "minute prints frames per camera, how many cameras delivered, decode lag, heap after GC, "
              + "RSS and CPU; at the end a verdict on lost cameras and memory growth.",
          "Needs GStreamer's RTSP server for /usr/bin/python3 (scripts/install-system-deps.sh).",
          "Exit codes: 0 every camera delivered every minute and memory did not grow, 1 it did not "
              + "(the verdict says why) or the run failed, 2 bad input."})
  static final class Cameras implements Callable<Integer> {

    @Option(names = "--cameras", defaultValue = "16", description = "Simulated cameras (default: ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--minutes", defaultValue = "10", description = "How long to run (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--size", defaultValue = "1280x720", paramLabel = "WxH", description = "Frame size (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--encoder", defaultValue = "x264", paramLabel = "x264|openh264",
        description = "Encoder of the clip: x264 (Main profile, as cameras send; needs the system ffmpeg) or "
            + "openh264 (Constrained Baseline, as the demo's clips) (default: ${DEFAULT-VALUE}).")
    String encoder;

    @Option(names = "--every", defaultValue = "1", paramLabel = "SECONDS",
        description = "Each camera's sampling interval; 0 passes every frame on (default: ${DEFAULT-VALUE}).")
    double every;

    @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() throws Exception {
      if (cameras < 1 || cameras > 256) {
        throw new BadInputException("--cameras must be within 1..256, got " + cameras);
      }
      if (minutes < 1 || minutes > 24 * 60) {
        throw new BadInputException("--minutes must be within 1..1440, got " + minutes);
      }
      if (every != 0 && (every < 0.04 || every > 60)) {
        throw new BadInputException("--every must be 0 or within 0.04..60 seconds, got " + every);
      }
      if (parallelism < 1 || parallelism > 64) {
        throw new BadInputException("--parallelism must be within 1..64, got " + parallelism);
      }
      FrameSize frameSize = parseSize("--size", size);
      BenchClip.Encoder clipEncoder = parseEncoder(encoder);
      if (clipEncoder == BenchClip.Encoder.X264) {
        requireFfmpeg();
      }
      System.err.println("bench: " + Machine.line(Machine.describe()));
      Path dir = Files.createTempDirectory("gridwatch-bench-");
      try {
        boolean ok = new CamerasBench(new CamerasBench.Options(cameras, minutes, frameSize, clipEncoder, every,
            parallelism, dir),
            System.out, System.err).run();
        return ok ? 0 : 1;
      } catch (IllegalArgumentException e) {
        throw new BadInputException(e.getMessage()); // the RTSP server refused its input
      } catch (IOException e) {
        System.err.println("gridwatch: " + e.getMessage()); // e.g. the RTSP server cannot run here
        return 1;
      } finally {
        deleteTree(dir);
      }
    }
  }

  /** {@code gridwatch bench street}: the street-occupation detector's cost per sampled frame and its state. */
  @Command(
      name = "street",
      mixinStandardHelpOptions = true,
      description = {
          "Runs the street-occupation detector on simulated shop-front streets (gridwatch sim's "
              + "street-occupation scene, drawn in memory, one frame every --every seconds) and reports "
              + "the detector's CPU time per sampled frame (calling thread, after the view is learned), "
              + "its state per camera, and the cameras one core can serve at that sampling, with and "
              + "without the given decoding cost per sampled frame.",
          "The table goes to stdout, progress to stderr. Exit codes: 0 done, 2 bad input."})
  static final class Street implements Callable<Integer> {

    @Option(names = "--size", defaultValue = "1920x1080", paramLabel = "WxH", description = "Frame size (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--cameras", defaultValue = "4", description = "Simulated cameras, each its own street (default: ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--frames", defaultValue = "120", description = "Sampled frames per camera (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--every", defaultValue = "5", paramLabel = "SECONDS", description = "Sampling interval (default: ${DEFAULT-VALUE}).")
    double every;

    @Option(names = "--decode-ms", defaultValue = "24.6", paramLabel = "MS",
        description = "CPU ms to decode one sampled frame, for the cameras-per-core line (default: ${DEFAULT-VALUE}, "
            + "a 1080p x264 key frame as measured by `gridwatch bench ingest`, see docs/benchmarks.md).")
    double decodeMs;

    @Override
    public Integer call() {
      if (cameras < 1 || cameras > 64) {
        throw new BadInputException("--cameras must be within 1..64, got " + cameras);
      }
      if (frames < 16 || frames > 10_000) {
        throw new BadInputException("--frames must be within 16..10000, got " + frames);
      }
      if (every < 0.5 || every > 60) {
        throw new BadInputException("--every must be within 0.5..60 seconds, got " + every);
      }
      if (decodeMs < 0) {
        throw new BadInputException("--decode-ms must not be negative, got " + decodeMs);
      }
      FrameSize frameSize = parseSize("--size", size);
      System.err.println("bench: " + Machine.line(Machine.describe()));
      new io.gridwatch.cli.bench.StreetBench(new io.gridwatch.cli.bench.StreetBench.Options(frameSize, cameras, frames,
          every, decodeMs), System.out, System.err).run();
      return 0;
    }
  }

  /** {@code gridwatch bench throwing}: detection's share of a full-rate camera's CPU, and its memory. */
  @Command(
      name = "throwing",
      mixinStandardHelpOptions = true,
      description = {
          "Renders the throwing simulator's facade as a camera streams it (x264 Main, CBR, 8 Mbit/s at 1080p, "
              + "a key frame every 2 s; made once in --dir and reused), then measures on it, one path after "
              + "the other: decoding alone and decoding plus the throwing detector with its evidence ring "
              + "(the JVM's CPU per second of video, median of --runs), the share detection adds, the cameras "
              + "one core serves, and the resident and heap memory per camera with --cameras running at once.",
          "The table goes to stdout, progress to stderr. Exit codes: 0 done, 2 bad input or ffmpeg missing."})
  static final class Throwing implements Callable<Integer> {

    @Option(names = "--size", defaultValue = "1920x1080", paramLabel = "WxH", description = "Frame size (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--seconds", defaultValue = "60", description = "Clip length (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--runs", defaultValue = "3", description = "Measured runs per path, the median reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--cameras", defaultValue = "8", description = "Cameras running at once for the memory figure; 0 skips it (default: ${DEFAULT-VALUE}).")
    int cameras;

    @Option(names = "--memory-seconds", defaultValue = "60", description = "How long the cameras run for the memory figure (default: ${DEFAULT-VALUE}).")
    int memorySeconds;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "data/bench/throwing",
        description = "Where the clip and its scene file are kept and reused (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() throws Exception {
      if (seconds < 10 || seconds > 3600) {
        throw new BadInputException("--seconds must be within 10..3600, got " + seconds);
      }
      if (runs < 1 || runs > 20) {
        throw new BadInputException("--runs must be within 1..20, got " + runs);
      }
      if (cameras < 0 || cameras > 64) {
        throw new BadInputException("--cameras must be within 0..64, got " + cameras);
      }
      if (memorySeconds < 10 || memorySeconds > 3600) {
        throw new BadInputException("--memory-seconds must be within 10..3600, got " + memorySeconds);
      }
      FrameSize frameSize = parseSize("--size", size);
      System.err.println("bench: " + Machine.line(Machine.describe()));
      System.err.println("bench: " + requireFfmpeg());
      new io.gridwatch.cli.bench.ThrowingBench(new io.gridwatch.cli.bench.ThrowingBench.Options(frameSize, seconds,
          runs, cameras, memorySeconds, dir), System.out, System.err).run();
      return 0;
    }
  }

  /** {@code gridwatch bench state}: detector state kept per camera in keyed state, and its cost. */
  @Command(
      name = "state",
      mixinStandardHelpOptions = true,
      description = {
          "Runs each simulated scene (throwing, street-occupation, river; drawn in memory, sampled as its "
              + "scene file says) through its detector and, after every frame, takes the state the streaming "
              + "job keeps in Flink's keyed state. Prints per scene: the alerting part's mean and largest "
              + "size and how often it changes (a write), the learned images' size and how often they are "
              + "handed out, the CPU time of taking the state per frame, and the state a checkpoint holds "
              + "per camera.",
          "The table goes to stdout, progress to stderr. Exit codes: 0 done, 2 bad input."})
  static final class State implements Callable<Integer> {

    @Option(names = "--size", defaultValue = "1920x1080", paramLabel = "WxH", description = "Frame size (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--seconds", defaultValue = "60", description = "Seconds of each scene (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--seed", defaultValue = "11", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scene", split = ",", paramLabel = "SCENE",
        description = "Scenes to run: throwing, street-occupation, river (default: all three).")
    List<String> scenes;

    @Override
    public Integer call() {
      if (seconds < 10 || seconds > 3600) {
        throw new BadInputException("--seconds must be within 10..3600, got " + seconds);
      }
      List<String> kinds = scenes == null || scenes.isEmpty() ? io.gridwatch.ingest.sim.scenes.SceneSim.SCENES : scenes;
      for (String kind : kinds) {
        if (!io.gridwatch.ingest.sim.scenes.SceneSim.SCENES.contains(kind)) {
          throw new BadInputException("--scene: unknown scene '" + kind + "', expected one of "
              + io.gridwatch.ingest.sim.scenes.SceneSim.SCENES);
        }
      }
      FrameSize frameSize = parseSize("--size", size);
      System.err.println("bench: " + Machine.line(Machine.describe()));
      new io.gridwatch.cli.bench.StateBench(new io.gridwatch.cli.bench.StateBench.Options(frameSize, seconds, seed, kinds),
          System.out, System.err).run();
      return 0;
    }
  }

  /** The first line of {@code ffmpeg -version}; exit 2 when there is no ffmpeg to run. */
  private static String requireFfmpeg() {
    String version = IngestBench.ffmpegVersion();
    if (version == null) {
      throw new BadInputException("ffmpeg is not installed (or not on PATH): run scripts/install-system-deps.sh");
    }
    return version;
  }

  private static BenchClip.Encoder parseEncoder(String name) {
    try {
      return BenchClip.Encoder.parse(name);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--encoder: " + e.getMessage());
    }
  }

  private static FrameSize parseSize(String option, String text) {
    try {
      return FrameSize.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(option + ": " + e.getMessage());
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
