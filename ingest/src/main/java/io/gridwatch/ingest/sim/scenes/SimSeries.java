package io.gridwatch.ingest.sim.scenes;

import io.gridwatch.contracts.labels.Labels;
import io.gridwatch.ingest.Parallel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Footage of any length as a series of clips of at most {@code clipSeconds} each, named {@code
 * <scene>-<seed>-<index>} (index from 1, zero-padded to two digits or more), so that {@code
 * gridwatch eval --clips DIR} can score the folder. Each clip is its own camera: its seed is
 * {@link #clipSeed} of the series seed and its index, so the whole series follows from one seed.
 */
public final class SimSeries {

  public static final int DEFAULT_CLIP_SECONDS = 600;

  private SimSeries() {}

  /** One clip of a series. */
  public record Part(int index, String name, long seed, int seconds) {}

  /** The clips that make up {@code totalSeconds} of footage. */
  public static List<Part> parts(String scene, long seed, int totalSeconds, int clipSeconds) {
    if (totalSeconds < 1 || clipSeconds < 1) {
      throw new IllegalArgumentException("need at least 1 second of footage and of clip, got " + totalSeconds
          + " and " + clipSeconds);
    }
    int count = (totalSeconds + clipSeconds - 1) / clipSeconds;
    int digits = Math.max(2, Integer.toString(count).length());
    List<Part> parts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int seconds = Math.min(clipSeconds, totalSeconds - i * clipSeconds);
      String name = String.format(Locale.ROOT, "%s-%d-%0" + digits + "d", scene, seed, i + 1);
      parts.add(new Part(i + 1, name, clipSeed(seed, i + 1), seconds));
    }
    return parts;
  }

  /** The seed of clip {@code index} (from 1) of a series (SplitMix64 of both). */
  public static long clipSeed(long seed, int index) {
    long z = seed * 0x9E3779B97F4A7C15L + index * 0xD1B54A32D192ED03L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Renders every part of a series into {@code outDir}, {@code jobs} clips at a time. The listener
   * sees the progress of the whole series (frames of all clips) and is called from the rendering
   * threads, one call at a time.
   */
  public static List<SimClip> render(SceneSim sim, Path outDir, long seed, int totalSeconds, int clipSeconds,
      int width, int height, int jobs, ProgressListener listener) throws IOException {
    return render(sim, outDir, seed, totalSeconds, clipSeconds, width, height, jobs, false, listener);
  }

  /**
   * As {@link #render(SceneSim, Path, long, int, int, int, int, int, ProgressListener)}; with
   * {@code keepComplete}, a clip whose labels file is already there (it is written last, so the
   * clip is whole) is read back instead of rendered again, so that an interrupted series resumes.
   * The caller vouches that the folder holds this series at this size: only the labels are read.
   */
  public static List<SimClip> render(SceneSim sim, Path outDir, long seed, int totalSeconds, int clipSeconds,
      int width, int height, int jobs, boolean keepComplete, ProgressListener listener) throws IOException {
    List<Part> parts = parts(sim.scene(), seed, totalSeconds, clipSeconds);
    long totalFrames = parts.stream().mapToLong(p -> (long) p.seconds() * SceneSim.FPS).sum();
    long[] done = new long[parts.size()];
    boolean[] keep = new boolean[parts.size()];
    long keptFrames = 0; // progress and its rate count only the frames rendered now
    for (int i = 0; i < parts.size(); i++) {
      keep[i] = keepComplete && Files.isRegularFile(outDir.resolve(parts.get(i).name() + ".labels.json"));
      keptFrames += keep[i] ? (long) parts.get(i).seconds() * SceneSim.FPS : 0;
    }
    long framesToRender = totalFrames - keptFrames;
    long started = System.nanoTime();
    Object lock = new Object();
    List<Integer> slots = IntStream.range(0, parts.size()).boxed().toList();
    return Parallel.map(slots, jobs, "gridwatch-sim", slot -> {
      Part part = parts.get(slot);
      if (keep[slot]) {
        Path labelsFile = outDir.resolve(part.name() + ".labels.json");
        return new SimClip(outDir.resolve(part.name() + ".mp4"), outDir.resolve(part.name() + ".scene.yaml"),
            labelsFile, Labels.read(labelsFile), part.seconds() * SceneSim.FPS, 0L);
      }
      return sim.render(outDir, part.name(), part.seed(), part.seconds(), width, height, p -> {
        synchronized (lock) {
          done[slot] = p.frames();
          long sum = 0;
          for (long d : done) {
            sum += d;
          }
          listener.progress(new ProgressListener.Progress(part.name(), sum, framesToRender, System.nanoTime() - started));
        }
      });
    });
  }
}
