package io.gridwatch.cli.bench;

import io.gridwatch.analytics.detect.Detection;
import io.gridwatch.analytics.detect.street.StreetOccupationDetector;
import io.gridwatch.analytics.vision.Images;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.PixelFormat;
import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.contracts.config.YamlConfigReader;
import io.gridwatch.ingest.sim.scenes.Raster;
import io.gridwatch.ingest.sim.scenes.ScenePlan;
import io.gridwatch.ingest.sim.scenes.StreetOccupationSim;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code gridwatch bench street}: what the street-occupation detector costs per sampled frame
 * and how much state it keeps per camera. Frames come from the street-occupation simulator,
 * drawn in memory (not encoded), one every {@code every} seconds of its timeline, so the detector
 * sees what a camera sampled that way would send: walkers, cars, goods set out and taken in,
 * shadows and light changes. Only {@code detector.onFrame} is timed, with the calling thread's
 * CPU time; drawing the frames is not.
 */
public final class StreetBench {

  /**
   * @param size          frame size
   * @param cameras       simulated cameras (each its own seed, street and zones)
   * @param frames        sampled frames per camera
   * @param everySeconds  sampling interval
   * @param decodeMsPerFrame CPU ms to decode one sampled frame, for the cameras-per-core line
   */
  public record Options(FrameSize size, int cameras, int frames, double everySeconds, double decodeMsPerFrame) {}

  private final Options options;
  private final PrintStream out;
  private final PrintStream progress;

  public StreetBench(Options options, PrintStream out, PrintStream progress) {
    this.options = options;
    this.out = out;
    this.progress = progress;
  }

  public void run() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int w = options.size().width(), h = options.size().height();
    int seconds = (int) Math.ceil(options.frames() * options.everySeconds()) + 2;
    List<StreetOccupationDetector> detectors = new ArrayList<>();
    List<double[]> perCamera = new ArrayList<>();
    int alerts = 0;
    long heapBefore = usedHeapAfterGc();
    out.printf(Locale.ROOT, "%-8s %6s %6s %9s %9s %9s %9s %12s%n", "camera", "zones", "frames", "mean ms", "median",
        "p95", "max", "state bytes");
    for (int c = 0; c < options.cameras(); c++) {
      long seed = 9001 + c;
      ScenePlan plan = new StreetOccupationSim().plan(seed, seconds, w, h);
      SceneConfig scene = YamlConfigReader.parse(Path.of("bench-" + c + ".scene.yaml"),
          plan.sceneYaml("bench-" + c, "g-bench"), SceneConfig.class);
      StreetOccupationDetector detector = new StreetOccupationDetector(scene.cameraId(), scene.streetOccupation());
      detectors.add(detector);
      Raster raster = plan.newRaster();
      double[] cpuMs = new double[options.frames()];
      for (int i = 0; i < options.frames(); i++) {
        double t = i * options.everySeconds();
        int frameIndex = (int) Math.round(t * ScenePlan.FPS);
        raster.clear();
        plan.draw(raster, frameIndex);
        byte[] bgr = raster.finish().clone();
        long timeMs = Math.round(t * 1000);
        // As FfmpegDecoder hands frames on: in the decoder's I420, converted here, untimed.
        Frame frame = new Frame(scene.cameraId(), i, timeMs, timeMs, w, h, false, PixelFormat.I420,
            Images.toI420(bgr, w, h));
        long cpu0 = threads.getCurrentThreadCpuTime();
        List<Detection> found = detector.onFrame(frame, timeMs);
        cpuMs[i] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
        alerts += found.size();
      }
      // The first frames only learn the view; the steady state is what a camera costs for days.
      double[] steady = Arrays.copyOfRange(cpuMs, Math.min(cpuMs.length - 1, 8), cpuMs.length);
      perCamera.add(steady);
      double[] sorted = steady.clone();
      Arrays.sort(sorted);
      out.printf(Locale.ROOT, "%-8s %6d %6d %9.2f %9.2f %9.2f %9.2f %12d%n", "bench-" + c,
          scene.streetOccupation().zones().size(), options.frames(), mean(steady), sorted[sorted.length / 2],
          sorted[(int) Math.floor(0.95 * (sorted.length - 1))], sorted[sorted.length - 1], detector.stateBytes());
      progress.printf(Locale.ROOT, "bench: camera %d of %d done%n", c + 1, options.cameras());
    }
    long heapWith = usedHeapAfterGc();
    long stateMax = detectors.stream().mapToLong(StreetOccupationDetector::stateBytes).max().orElse(0);
    detectors.forEach(StreetOccupationDetector::close);
    detectors.clear();
    double[] all = perCamera.stream().flatMapToDouble(Arrays::stream).toArray();
    Arrays.sort(all);
    double meanMs = mean(all);
    double p95 = all[(int) Math.floor(0.95 * (all.length - 1))];
    out.println();
    out.printf(Locale.ROOT, "detector CPU per sampled %dx%d frame: mean %.2f ms, median %.2f ms, p95 %.2f ms "
        + "(%d frames after learning; %d alerts and clear reports raised)%n", w, h, meanMs, all[all.length / 2], p95,
        all.length, alerts);
    out.printf(Locale.ROOT, "detector state per camera: at most %.2f MB (arrays held between frames); "
        + "heap held by %d live detectors after GC: %.2f MB each%n", stateMax / 1048576.0, options.cameras(),
        Math.max(0, heapWith - heapBefore) / 1048576.0 / options.cameras());
    double perCameraMsPerSecond = (meanMs + options.decodeMsPerFrame()) / options.everySeconds();
    out.printf(Locale.ROOT, "cameras per core, one frame every %.0f s: detector alone %.0f; with %.1f ms to decode "
        + "each sampled frame %.0f%n", options.everySeconds(), 1000 / (meanMs / options.everySeconds()),
        options.decodeMsPerFrame(), 1000 / perCameraMsPerSecond);
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(0);
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
