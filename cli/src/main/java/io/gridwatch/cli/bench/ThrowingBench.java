package io.gridwatch.cli.bench;

import io.gridwatch.analytics.detect.DetectionRunner;
import io.gridwatch.analytics.detect.Detectors;
import io.gridwatch.analytics.evidence.EvidenceStore;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.contracts.config.YamlConfigReader;
import io.gridwatch.ingest.decode.FfmpegDecoder;
import io.gridwatch.ingest.sim.scenes.Raster;
import io.gridwatch.ingest.sim.scenes.ThrowingSim;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code gridwatch bench throwing}: what the throwing detector adds to full-rate decoding, and
 * what a full-rate camera holds in memory.
 *
 * <p>The footage is the throwing simulator's facade (falls, birds, laundry, lights, noise),
 * encoded as a camera streams it: the system ffmpeg's libx264, Main profile, constant bit rate
 * (8 Mbit/s at 1080p), a key frame every 2 s, no B-frames. The same clip is then read twice per
 * run, one path after the other: decoding alone ({@code FfmpegDecoder}, every frame), and
 * decoding plus the detector as the job runs it ({@code Detectors.runnerFor}: blobs, tracking,
 * judging, and the evidence ring of small JPEGs). CPU is the whole JVM's, so threads that write
 * evidence count too.
 *
 * <p>Memory: {@code cameras} threads each decode and detect the clip, looping, as many full-rate
 * cameras would. Per camera, in steady state (the second half of the time): native memory (the
 * growth of resident memory less the growth of the committed heap: decoder, OpenCV images) plus
 * the live heap (after a full collection: detector, tracks, evidence ring). The heap's garbage
 * between collections is the collector's choice, bounded by {@code -Xmx}, and is reported apart.
 */
public final class ThrowingBench {

  /**
   * @param size           frame size
   * @param seconds        clip length
   * @param runs           measured runs per path (median reported), after one warm-up
   * @param cameras        concurrent cameras for the memory figure (0: skip it)
   * @param memorySeconds  how long the cameras run
   * @param dir            where the clip and its scene are kept and reused
   */
  public record Options(FrameSize size, int seconds, int runs, int cameras, int memorySeconds, Path dir) {}

  /** CPU of one path over the clip. */
  record PathResult(String path, long frames, double cpuMsPerVideoSecond, double threadMsPerFrame, int alerts) {}

  private static final long SEED = 77;
  private final Options options;
  private final PrintStream out;
  private final PrintStream progress;

  public ThrowingBench(Options options, PrintStream out, PrintStream progress) {
    this.options = options;
    this.out = out;
    this.progress = progress;
  }

  public void run() throws IOException, InterruptedException {
    Files.createDirectories(options.dir());
    Path clip = clip();
    SceneConfig scene = YamlConfigReader.parse(sceneFile(), Files.readString(sceneFile()), SceneConfig.class);
    Path evidenceDir = Files.createTempDirectory("gridwatch-bench-throwing-evidence");
    EvidenceStore evidence = new EvidenceStore(evidenceDir);
    try {
      PathResult decode = median(() -> pass(clip, null, false, evidence, "decode only (FfmpegDecoder, every frame)"));
      PathResult detector = median(() -> pass(clip, scene, false, evidence, "decode + throwing detector, no clips"));
      PathResult detect = median(() -> pass(clip, scene, true, evidence, "decode + throwing detector + evidence ring"));
      out.printf(Locale.ROOT, "%-46s %8s %16s %16s %7s%n", "path", "frames", "CPU ms/video s", "thread ms/frame",
          "alerts");
      for (PathResult r : List.of(decode, detector, detect)) {
        out.printf(Locale.ROOT, "%-46s %8d %16.1f %16.2f %7d%n", r.path, r.frames, r.cpuMsPerVideoSecond,
            r.threadMsPerFrame, r.alerts);
      }
      double added = detect.cpuMsPerVideoSecond / decode.cpuMsPerVideoSecond - 1;
      out.printf(Locale.ROOT, "detection adds %.0f %% to decoding (target <= 40 %%): %s%n", added * 100,
          added <= 0.40 ? "met" : "MISSED");
      out.printf(Locale.ROOT, "full-rate %s throwing cameras per core: %.1f (decoding alone: %.1f)%n", options.size(),
          1000 / detect.cpuMsPerVideoSecond, 1000 / decode.cpuMsPerVideoSecond);
      if (options.cameras() > 0) {
        memory(clip, scene, evidence);
      }
    } finally {
      deleteTree(evidenceDir);
    }
  }

  /** The camera-like clip of the facade, made once and then reused. */
  private Path clip() throws IOException {
    FrameSize size = options.size();
    Path file = options.dir().resolve("throwing-" + size + "-" + options.seconds() + "s-x264.mp4");
    if (Files.isRegularFile(file) && Files.size(file) > 0 && Files.isRegularFile(sceneFile())) {
      progress.println("bench: reusing " + file);
      return file;
    }
    ThrowingSim.Plan plan = new ThrowingSim().plan(SEED, options.seconds(), size.width(), size.height());
    progress.printf(Locale.ROOT, "bench: rendering %d frames of the throwing scene at %s into %s%n", plan.frames(),
        size, file);
    Path tmp = options.dir().resolve(file.getFileName() + ".partial.mp4");
    Raster raster = plan.newRaster();
    try (BenchClip.FrameSink sink = BenchClip.x264(tmp, size, BenchClip.bitrateFor(size))) {
      for (int i = 0; i < plan.frames(); i++) {
        raster.clear();
        plan.draw(raster, i);
        sink.write(raster.finish());
        if ((i + 1) % 250 == 0) {
          progress.printf(Locale.ROOT, "bench:   %d of %d frames%n", i + 1, plan.frames());
        }
      }
    }
    Files.writeString(sceneFile(), plan.sceneYaml("bench-throwing", "g-bench"), StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  private Path sceneFile() {
    return options.dir().resolve("throwing-" + options.size() + ".scene.yaml");
  }

  private interface Pass {
    PathResult run() throws IOException;
  }

  /** One warm-up, then {@code runs} measured passes; the pass with the median CPU. */
  private PathResult median(Pass pass) throws IOException {
    pass.run();
    List<PathResult> results = new ArrayList<>();
    for (int i = 0; i < options.runs(); i++) {
      results.add(pass.run());
    }
    results.sort((a, b) -> Double.compare(a.cpuMsPerVideoSecond, b.cpuMsPerVideoSecond));
    PathResult m = results.get(results.size() / 2);
    progress.printf(Locale.ROOT, "bench: %s: %s CPU ms per video second over %d runs%n", m.path,
        Arrays.toString(results.stream().mapToDouble(PathResult::cpuMsPerVideoSecond)
            .map(v -> Math.round(v * 10) / 10.0).toArray()), results.size());
    return m;
  }

  /** Reads the clip once, detecting when {@code scene} is given, buffering evidence clips if {@code clips}. */
  private PathResult pass(Path clip, SceneConfig scene, boolean clips, EvidenceStore evidence, String name)
      throws IOException {
    long frames = 0;
    int alerts = 0;
    try (FfmpegDecoder decoder = new FfmpegDecoder("bench-throwing", clip.toString(), Duration.ofSeconds(10));
        DetectionRunner runner = scene == null ? null
            : new DetectionRunner(Detectors.forScene(scene), evidence, clips)) {
      decoder.open();
      long cpu0 = Machine.processCpuNs();
      long thread0 = Machine.threadCpuNs();
      for (Frame f = decoder.next(); f != null; f = decoder.next()) {
        frames++;
        if (runner != null) {
          alerts += runner.onFrame(f, f.ptsMs()).size();
        }
      }
      long cpu = Machine.processCpuNs() - cpu0;
      long thread = Machine.threadCpuNs() - thread0;
      double videoSeconds = frames / (double) BenchClip.FPS;
      return new PathResult(name, frames, cpu / 1e6 / videoSeconds, thread / 1e6 / frames, alerts);
    }
  }

  /** Resident and heap memory per full-rate camera with {@code cameras} running at once. */
  private void memory(Path clip, SceneConfig scene, EvidenceStore evidence) throws InterruptedException {
    int n = options.cameras();
    java.lang.management.MemoryMXBean mx = java.lang.management.ManagementFactory.getMemoryMXBean();
    long heap0 = usedHeapAfterGc();
    long rss0 = Machine.rssBytes();
    long committed0 = mx.getHeapMemoryUsage().getCommitted();
    progress.printf(Locale.ROOT, "bench: %d cameras decoding and detecting for %d s (before: resident %d MB, heap %d MB)%n",
        n, options.memorySeconds(), rss0 >> 20, heap0 >> 20);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong framesDone = new AtomicLong();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch finished = new CountDownLatch(n);
    for (int c = 0; c < n; c++) {
      Thread t = new Thread(() -> {
        // Each camera its own evidence folder: the same clip raises the same alert ids.
        EvidenceStore own = new EvidenceStore(evidence.root().resolve("camera-" + Thread.currentThread().getName()));
        try (DetectionRunner runner = Detectors.runnerFor(scene, own)) {
          long offsetMs = 0;
          while (!stop.get()) {
            long lastMs = 0;
            try (FfmpegDecoder decoder = new FfmpegDecoder("bench-throwing", clip.toString(), Duration.ofSeconds(10))) {
              decoder.open();
              for (Frame f = decoder.next(); f != null && !stop.get(); f = decoder.next()) {
                // the clip loops; its time keeps counting, as a live camera's does
                lastMs = offsetMs + f.ptsMs();
                runner.onFrame(f, lastMs);
                framesDone.incrementAndGet();
              }
            }
            offsetMs = lastMs + 40;
          }
        } catch (Throwable e) {
          failures.add(e);
        } finally {
          finished.countDown();
        }
      }, "bench-camera-" + c);
      t.setDaemon(true);
      t.start();
    }
    List<Long> rss = new ArrayList<>();
    List<Long> heap = new ArrayList<>();
    List<Long> nativeBytes = new ArrayList<>();
    Runtime rt = Runtime.getRuntime();
    for (int s = 1; s <= options.memorySeconds(); s++) {
      Thread.sleep(1000);
      if (s > options.memorySeconds() / 2) {
        long r = Machine.rssBytes();
        rss.add(r);
        heap.add(rt.totalMemory() - rt.freeMemory());
        nativeBytes.add(r - rss0 - (mx.getHeapMemoryUsage().getCommitted() - committed0));
      }
    }
    long heapAfterGc = usedHeapAfterGc();
    stop.set(true);
    finished.await();
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a bench camera failed: " + failures.get(0), failures.get(0));
    }
    rss.sort(null);
    heap.sort(null);
    nativeBytes.sort(null);
    long rssSteady = rss.get(rss.size() / 2);
    double nativePerCamera = nativeBytes.get(nativeBytes.size() / 2) / 1048576.0 / n;
    double livePerCamera = (heapAfterGc - heap0) / 1048576.0 / n;
    double perCamera = nativePerCamera + livePerCamera;
    out.printf(Locale.ROOT, "%d cameras for %d s, %d frames decoded and detected (%.1f per camera per second)%n", n,
        options.memorySeconds(), framesDone.get(), framesDone.get() / (double) n / options.memorySeconds());
    out.printf(Locale.ROOT, "per camera: %.1f MB native (decoder, images) + %.1f MB live heap (detector, tracks, "
        + "evidence ring) = %.1f MB (target <= 48 MB): %s%n", nativePerCamera, livePerCamera, perCamera,
        perCamera <= 48 ? "met" : "MISSED");
    out.printf(Locale.ROOT, "process: resident %d MB idle, %d MB median in steady state (%.1f MB per camera with the "
        + "heap's garbage, which -Xmx bounds: heap in use between collections, median %d MB)%n", rss0 >> 20,
        rssSteady >> 20, (rssSteady - rss0) / 1048576.0 / n, heap.get(heap.size() / 2) >> 20);
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
