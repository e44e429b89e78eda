package io.gridwatch.ingest.sim.scenes;

import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.labels.LabelledEvent;
import io.gridwatch.contracts.labels.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One clip worked out from a seed before a pixel is drawn: the geometry, the schedule of what
 * happens when, and so the labels and the scene file. {@link #draw} then renders any frame from
 * the schedule alone (a frame depends on its index, not on the frames before it), so frames can
 * be drawn in any order, e.g. by tests.
 */
public abstract class ScenePlan {

  public static final int FPS = SceneSim.FPS;
  public static final long FRAME_MS = 1000 / FPS;

  protected final long seed;
  protected final int seconds;
  protected final int width;
  protected final int height;
  /** Pixel scale relative to 720 lines, for sizes given at 720p. */
  protected final double px;
  protected final List<LabelledEvent> events = new ArrayList<>();
  protected final List<LabelledEvent> nuisances = new ArrayList<>();

  protected ScenePlan(long seed, int seconds, int width, int height) {
    if (seconds < 1) {
      throw new IllegalArgumentException("a clip needs at least 1 second, got " + seconds);
    }
    if (width < 160 || height < 90 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("frame size must be even and at least 160x90, got " + width + "x" + height);
    }
    this.seed = seed;
    this.seconds = seconds;
    this.width = width;
    this.height = height;
    this.px = height / 720.0;
  }

  /** Scene kind, as in scene files: throwing, street-occupation or river. */
  public abstract String scene();

  /** The scene file of the clip's camera (valid for {@code YamlConfigReader}). */
  public abstract String sceneYaml(String cameraId, String gridId);

  /** Paints what does not move (called once per clip, into the background). */
  protected abstract void paintBackground(Raster r);

  /**
   * Draws frame {@code frame} over the background (the raster has been cleared) and sets the
   * frame's camera effects (gain, shake, noise).
   */
  public abstract void draw(Raster r, int frame);

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int seconds() {
    return seconds;
  }

  public long seed() {
    return seed;
  }

  public int frames() {
    return seconds * FPS;
  }

  public long durationMs() {
    return frames() * FRAME_MS;
  }

  /** A raster of the clip's size with the background painted. */
  public Raster newRaster() {
    Raster r = new Raster(width, height, seed);
    r.paintBackground(() -> paintBackground(r));
    return r;
  }

  public List<LabelledEvent> events() {
    return sorted(events);
  }

  public List<LabelledEvent> nuisances() {
    return sorted(nuisances);
  }

  /** The labels file's content for a clip stored as {@code video} with {@code sceneFile}. */
  public Labels labels(String video, String sceneFile) {
    return new Labels(video, sceneFile, scene(), durationMs(), events(), nuisances());
  }

  private static List<LabelledEvent> sorted(List<LabelledEvent> list) {
    return list.stream().sorted(Comparator.comparingLong(LabelledEvent::startMs).thenComparingLong(LabelledEvent::endMs)
        .thenComparing(e -> e.kind() == null ? "" : e.kind())).toList();
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers for subclasses

  /** Media time of a frame in ms. */
  protected static long ms(int frame) {
    return frame * FRAME_MS;
  }

  /** The frame at {@code t} seconds. */
  protected static int frameAt(double t) {
    return (int) Math.round(t * FPS);
  }

  /** Seconds of media time at a frame. */
  protected static double time(int frame) {
    return frame / (double) FPS;
  }

  /** A label between two frames, clipped to the clip. */
  protected LabelledEvent label(AlertScene scene, int fromFrame, int toFrame, String zone, Integer floor,
      Integer column, String kind, String priority) {
    int last = frames() - 1;
    int a = Math.max(0, Math.min(last, fromFrame));
    int b = Math.max(a, Math.min(last, toFrame));
    return new LabelledEvent(scene, ms(a), ms(b), zone, floor, column, kind, priority);
  }

  protected void event(AlertScene scene, int fromFrame, int toFrame, String zone, String kind) {
    events.add(label(scene, fromFrame, toFrame, zone, null, null, kind, null));
  }

  protected void nuisance(AlertScene scene, int fromFrame, int toFrame, String zone, String kind) {
    nuisances.add(label(scene, fromFrame, toFrame, zone, null, null, kind, null));
  }

  /** {@code [[x,y],...]} with whole pixels, clamped into the frame. */
  protected String polygon(double[] xs, double[] ys) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < xs.length; i++) {
      sb.append(i == 0 ? "[" : ", [").append(clampX(xs[i])).append(',').append(clampY(ys[i])).append(']');
    }
    return sb.append(']').toString();
  }

  protected long clampX(double x) {
    return Math.max(0, Math.min(width, Math.round(x)));
  }

  protected long clampY(double y) {
    return Math.max(0, Math.min(height, Math.round(y)));
  }

  protected static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** Smooth 0..1 step between {@code a} and {@code b}. */
  protected static double smoothstep(double a, double b, double x) {
    if (x <= a) {
      return 0;
    }
    if (x >= b) {
      return 1;
    }
    double t = (x - a) / (b - a);
    return t * t * (3 - 2 * t);
  }

  /** A random number in [a, b). */
  protected static double uniform(java.util.SplittableRandom rnd, double a, double b) {
    return a + (b - a) * rnd.nextDouble();
  }

  /** A count with mean {@code mean} (Poisson-like, bounded), at least {@code min}. */
  protected static int count(java.util.SplittableRandom rnd, double mean, int min) {
    // a sum of Bernoulli trials: cheap, deterministic, close enough to Poisson for schedules
    int n = 0;
    int trials = (int) Math.ceil(mean * 2) + 1;
    double p = mean / trials;
    for (int i = 0; i < trials; i++) {
      if (rnd.nextDouble() < p) {
        n++;
      }
    }
    return Math.max(min, n);
  }

  /** A random generator for one frame, independent of the others. */
  protected FastRandom frameRandom(int frame, long salt) {
    return new FastRandom(seed * 0x9E3779B97F4A7C15L + frame * 0xBF58476D1CE4E5B9L + salt);
  }

  /** A tiny, allocation-light generator (SplitMix64) for per-frame randomness. */
  protected static final class FastRandom {
    private long state;

    FastRandom(long seed) {
      state = seed;
    }

    long nextLong() {
      long z = (state += 0x9E3779B97F4A7C15L);
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }

    double nextDouble() {
      return (nextLong() >>> 11) * 0x1.0p-53;
    }

    double uniform(double a, double b) {
      return a + (b - a) * nextDouble();
    }
  }
}
