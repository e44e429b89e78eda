package io.gridwatch.analytics.vision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * 8-connected components of a mask that is mostly empty, found from its set pixels alone.
 *
 * <p>Why not OpenCV's {@code connectedComponentsWithStats}: it labels every pixel of the image, so
 * it costs the same whether 10 or 100,000 pixels are set, and it writes a 4-byte label per pixel
 * (2 MB for a half-size 1080p region) on every frame. A motion mask of a facade has a few hundred
 * set pixels; here the cost follows them: {@code findNonZero} (one vectorised pass), then
 * union-find over the horizontal runs of set pixels, row against the row above.
 *
 * <p>Not thread-safe: reuses its buffers from call to call.
 */
public final class SparseComponents implements AutoCloseable {

  /** One component: pixel count, and the sums of its pixels' x and y (for the centroid). */
  public record Component(int area, double sumX, double sumY) {
    public double centroidX() {
      return sumX / area;
    }

    public double centroidY() {
      return sumY / area;
    }
  }

  private final Mat points = new Mat();
  private int[] runRow = new int[256];
  private int[] runX0 = new int[256];
  private int[] runX1 = new int[256];
  private int[] parent = new int[256];
  private int[] xy = new int[512];

  /**
   * The components of {@code mask} (8-bit, one channel; non-zero is set), in no particular
   * order. {@code setPixels} is the mask's non-zero count when the caller knows it (0 returns
   * at once), or -1.
   */
  public List<Component> find(Mat mask, int setPixels) {
    if (setPixels == 0) {
      return List.of();
    }
    opencv_core.findNonZero(mask, points);
    int n = (int) points.total();
    if (n == 0) {
      return List.of();
    }
    if (xy.length < 2 * n) {
      xy = new int[Math.max(2 * n, 2 * xy.length)];
    }
    try (IntIndexer indexer = points.createIndexer()) {
      indexer.get(0, xy, 0, 2 * n);
    }
    // findNonZero scans row by row, left to right: consecutive x in one row form a run.
    int runs = 0;
    for (int i = 0; i < n; i++) {
      int x = xy[2 * i];
      int y = xy[2 * i + 1];
      if (runs > 0 && runRow[runs - 1] == y && runX1[runs - 1] == x - 1) {
        runX1[runs - 1] = x;
      } else {
        ensure(runs + 1);
        runRow[runs] = y;
        runX0[runs] = x;
        runX1[runs] = x;
        parent[runs] = runs;
        runs++;
      }
    }
    // Join each run with the runs of the row above that touch it, diagonals included.
    int rowStart = 0;   // first run of the current row
    int aboveEnd = 0;   // runs [a, aboveEnd) of the row above are still to compare
    int a = 0;
    for (int r = 0; r < runs; r++) {
      if (r > 0 && runRow[r] != runRow[r - 1]) {
        a = runRow[r - 1] == runRow[r] - 1 ? rowStart : r; // the row above may have no runs
        aboveEnd = r;
        rowStart = r;
      }
      while (a < aboveEnd && runX1[a] + 1 < runX0[r]) {
        a++; // ends left of this run, so left of every later run of this row
      }
      for (int b = a; b < aboveEnd && runX0[b] - 1 <= runX1[r]; b++) {
        union(b, r);
      }
    }
    int[] slot = new int[runs];
    Arrays.fill(slot, -1);
    List<long[]> sums = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      int root = root(r);
      if (slot[root] < 0) {
        slot[root] = sums.size();
        sums.add(new long[3]);
      }
      long[] s = sums.get(slot[root]);
      long len = runX1[r] - runX0[r] + 1L;
      s[0] += len;
      s[1] += (runX0[r] + (long) runX1[r]) * len / 2; // exact: len and x0 + x1 are not both odd
      s[2] += runRow[r] * len;
    }
    List<Component> out = new ArrayList<>(sums.size());
    for (long[] s : sums) {
      out.add(new Component((int) s[0], s[1], s[2]));
    }
    return out;
  }

  private int root(int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private void union(int a, int b) {
    int ra = root(a);
    int rb = root(b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }

  private void ensure(int size) {
    if (size <= runRow.length) {
      return;
    }
    int next = Math.max(size, runRow.length * 2);
    runRow = Arrays.copyOf(runRow, next);
    runX0 = Arrays.copyOf(runX0, next);
    runX1 = Arrays.copyOf(runX1, next);
    parent = Arrays.copyOf(parent, next);
  }

  @Override
  public void close() {
    points.close();
  }
}
