package io.gridwatch.cli.bench;

import io.gridwatch.analytics.detect.Detector;
import io.gridwatch.analytics.detect.DetectorState;
import io.gridwatch.analytics.detect.Detectors;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.config.SamplingConfig;
import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.contracts.config.YamlConfigReader;
import io.gridwatch.ingest.sim.scenes.Raster;
import io.gridwatch.ingest.sim.scenes.ScenePlan;
import io.gridwatch.ingest.sim.scenes.SceneSim;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code gridwatch bench state}: how much detector state each scene keeps in Flink's keyed state
 * per camera, and what keeping it costs. Each simulated scene (drawn in memory, sampled as its
 * scene file says) runs through its detector; after every frame the detector's
 * {@link Detector#snapshot} is taken as the streaming job takes it, and the bench counts the bytes
 * the job would write: the alerting part whenever its bytes change, the learned images when the
 * detector hands them out. Only {@code snapshot} is timed (calling thread's CPU time).
 *
 * <p>What a checkpoint holds per camera is the latest alerting part plus the latest images, so
 * the largest of each is the per-camera checkpoint size (RocksDB adds its key and a few bytes of
 * framing per entry).
 */
public final class StateBench {

  /**
   * @param size    frame size
   * @param seconds seconds of each simulated scene
   * @param seed    simulator seed
   * @param scenes  scene kinds to run, as in scene files
   */
  public record Options(FrameSize size, int seconds, long seed, List<String> scenes) {}

  private final Options options;
  private final PrintStream out;
  private final PrintStream progress;

  public StateBench(Options options, PrintStream out, PrintStream progress) {
    this.options = options;
    this.out = out;
    this.progress = progress;
  }

  public void run() {
    out.printf(Locale.ROOT, "%-18s %6s %9s %9s %9s %8s %9s %8s %9s %9s %12s%n", "scene", "frames", "alert B",
        "alert max", "writes", "images", "img B", "img wr", "snap us", "snap p95", "ckpt B/cam");
    for (String kind : options.scenes()) {
      runScene(kind);
    }
  }

  private void runScene(String kind) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int w = options.size().width(), h = options.size().height();
    ScenePlan plan = SceneSim.forScene(kind).plan(options.seed(), options.seconds(), w, h);
    SceneConfig scene = YamlConfigReader.parse(Path.of("bench-" + kind + ".scene.yaml"),
        plan.sceneYaml("bench-" + kind, "g-bench"), SceneConfig.class);
    double everySeconds = samplingSeconds(scene.sampling());
    int frames = (int) Math.floor(options.seconds() / everySeconds);
    Raster raster = plan.newRaster();
    double[] snapUs = new double[frames];
    long alertingSum = 0;
    long alertingMax = 0;
    long imagesMax = 0;
    int writes = 0;
    int imageWrites = 0;
    byte[] last = null;
    try (Detector detector = Detectors.forScene(scene)) {
      for (int i = 0; i < frames; i++) {
        double t = i * everySeconds;
        raster.clear();
        plan.draw(raster, (int) Math.round(t * ScenePlan.FPS));
        long timeMs = Math.round(t * 1000);
        detector.onFrame(new Frame(scene.cameraId(), i, timeMs, timeMs, w, h, true, raster.finish().clone()), timeMs);
        long cpu0 = threads.getCurrentThreadCpuTime();
        DetectorState state = detector.snapshot(timeMs);
        boolean changed = !Arrays.equals(state.alerting(), last);
        snapUs[i] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3;
        int bytes = state.alerting() == null ? 0 : state.alerting().length;
        alertingSum += bytes;
        alertingMax = Math.max(alertingMax, bytes);
        if (changed) {
          writes++;
          last = state.alerting();
        }
        if (state.images() != null) {
          imageWrites++;
          imagesMax = Math.max(imagesMax, state.images().length);
        }
      }
    }
    double[] sorted = snapUs.clone();
    Arrays.sort(sorted);
    out.printf(Locale.ROOT, "%-18s %6d %9.0f %9d %8.0f%% %8s %9d %8d %9.1f %9.1f %12d%n", kind, frames,
        alertingSum / (double) Math.max(1, frames), alertingMax, 100.0 * writes / Math.max(1, frames),
        imageWrites > 0 ? "yes" : "no", imagesMax, imageWrites, Arrays.stream(snapUs).average().orElse(0),
        sorted[(int) Math.floor(0.95 * (sorted.length - 1))], alertingMax + imagesMax);
    progress.printf(Locale.ROOT, "bench: %s done (%dx%d, one frame every %.2f s)%n", kind, w, h, everySeconds);
  }

  /** The interval the scene's sampling gives frames at: key frames every 2 s as the simulator encodes them. */
  private static double samplingSeconds(SamplingConfig sampling) {
    return switch (sampling.mode()) {
      case FULL -> 1.0 / ScenePlan.FPS;
      case KEYFRAMES -> Math.max(SceneSim.GOP / (double) ScenePlan.FPS,
          sampling.everySeconds() == null ? 0 : sampling.everySeconds());
      default -> sampling.everySeconds();
    };
  }
}
