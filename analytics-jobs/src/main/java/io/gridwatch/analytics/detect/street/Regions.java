package io.gridwatch.analytics.detect.street;

import java.util.ArrayList;
import java.util.List;

/**
 * Connected regions (8-neighbourhood) of a 0/1 mask, with their boxes and areas: the still
 * things of one frame. Labels are 1..n; 0 is background. Regions smaller than {@link #MIN_AREA}
 * pixels (sensor noise, a leaf) are dropped.
 */
final class Regions {

  /** Smallest region kept, in working-image pixels. */
  static final int MIN_AREA = 6;
  /**
   * Farthest a shadow may lie below the still thing casting it and still join it, in working
   * pixels: clothes on a rack hang 0.6-1 m above the pavement, about as far as they are tall.
   */
  static final int MAX_HANG = 24;
  /** Gaps of up to this many pixels (twice the dilation) still join parts of one region. */
  static final int BRIDGE = 2;

  /**
   * One region.
   *
   * @param id      its label
   * @param x       left of its box
   * @param y       top of its box
   * @param width   width of its box
   * @param height  height of its box
   * @param area    pixels in it
   * @param footX   x of the bottom-centre of its box (where a standing thing meets the ground)
   * @param footY   y of the bottom of its box
   */
  record Region(int id, int x, int y, int width, int height, int area, int footX, int footY) {}

  private final int width;
  private final int[] labels;
  private final List<Region> regions;

  private Regions(int width, int[] labels, List<Region> regions) {
    this.width = width;
    this.labels = labels;
    this.regions = regions;
  }

  /**
   * Regions of still things with the still shadows they cast: connected parts of {@code seeds}
   * and {@code extension} together, where gaps of up to {@link #BRIDGE} pixels still connect (a
   * pavement-coloured cloth between a stall's goods and its shadow differs too little to connect
   * them pixel by pixel). A part without at least {@link #MIN_AREA} seed pixels (a shadow alone)
   * is no region. Only pixels of the two masks are labelled.
   */
  static Regions of(byte[] seeds, byte[] extension, int width, int height) {
    byte[] mask = new byte[seeds.length];
    for (int p = 0; p < mask.length; p++) {
      mask[p] = (byte) (seeds[p] | extension[p]);
    }
    Regions bridged = of(dilate(mask, width, height, BRIDGE), width, height, null);
    int[] labels = bridged.labels;
    int n = bridged.regions.size();
    int[] seedCount = new int[n];
    int[] x0 = new int[n], y0 = new int[n], x1 = new int[n], y1 = new int[n], area = new int[n];
    java.util.Arrays.fill(x0, Integer.MAX_VALUE);
    java.util.Arrays.fill(y0, Integer.MAX_VALUE);
    java.util.Arrays.fill(x1, -1);
    java.util.Arrays.fill(y1, -1);
    for (int p = 0; p < mask.length; p++) {
      int l = labels[p];
      if (mask[p] == 0 || l <= 0) {
        labels[p] = 0;
        continue;
      }
      int x = p % width, y = p / width;
      area[l]++;
      seedCount[l] += seeds[p];
      x0[l] = Math.min(x0[l], x);
      x1[l] = Math.max(x1[l], x);
      y0[l] = Math.min(y0[l], y);
      y1[l] = Math.max(y1[l], y);
    }
    boolean[] kept = new boolean[n];
    for (int l = 1; l < n; l++) {
      kept[l] = seedCount[l] >= MIN_AREA && area[l] >= MIN_AREA;
    }
    // A shadow alone is no region, unless it lies right below a still thing: that thing's own
    // shadow on the ground under it (the clothes of a rack hang above the pavement; what they
    // cover in the zone is their shadow).
    int[] joins = new int[n];
    for (int l = 1; l < n; l++) {
      if (!kept[l] && area[l] >= MIN_AREA) {
        joins[l] = thingAbove(labels, kept, l, x0[l], y0[l], x1[l], y1[l], width, y0, y1);
      }
    }
    for (int l = 1; l < n; l++) {
      int to = joins[l];
      if (to > 0) {
        area[to] += area[l];
        x0[to] = Math.min(x0[to], x0[l]);
        x1[to] = Math.max(x1[to], x1[l]);
        y0[to] = Math.min(y0[to], y0[l]);
        y1[to] = Math.max(y1[to], y1[l]);
      }
    }
    Region[] byId = new Region[n];
    for (int l = 1; l < n; l++) {
      if (kept[l]) {
        byId[l] = new Region(l, x0[l], y0[l], x1[l] - x0[l] + 1, y1[l] - y0[l] + 1, area[l], (x0[l] + x1[l]) / 2, y1[l]);
      }
    }
    for (int p = 0; p < labels.length; p++) {
      int l = labels[p];
      if (l > 0 && byId[l] == null) {
        labels[p] = joins[l];
      }
    }
    return new Regions(width, labels, java.util.Arrays.asList(byId));
  }

  /**
   * The kept region that shadow part {@code l} lies right below, or 0: in at least half of the
   * shadow's columns the first thing above its top pixel, within that thing's own height (its
   * bottom may hang above the ground by about as much as it is tall), is that region.
   *
   * @param tops    per label, its top row
   * @param bottoms per label, its bottom row
   */
  private static int thingAbove(int[] labels, boolean[] kept, int l, int x0, int y0, int x1, int y1, int width,
      int[] tops, int[] bottoms) {
    int columns = x1 - x0 + 1;
    int bestLabel = 0, bestVotes = 0;
    java.util.Map<Integer, Integer> votes = new java.util.HashMap<>();
    for (int x = x0; x <= x1; x++) {
      int top = -1;
      for (int y = y0; y <= y1; y++) {
        if (labels[y * width + x] == l) {
          top = y;
          break;
        }
      }
      if (top < 0) {
        continue;
      }
      for (int y = top - 1; y >= Math.max(0, top - MAX_HANG); y--) {
        int other = labels[y * width + x];
        if (other > 0 && other != l) {
          if (kept[other] && top - y <= bottoms[other] - tops[other] + 1) {
            int v = votes.merge(other, 1, Integer::sum);
            if (v > bestVotes) {
              bestVotes = v;
              bestLabel = other;
            }
          }
          break;
        }
      }
    }
    return bestVotes * 2 >= columns ? bestLabel : 0;
  }

  /** The mask grown by {@code r} pixels in each direction (a square, separable maximum). */
  private static byte[] dilate(byte[] mask, int width, int height, int r) {
    byte[] rows = new byte[mask.length];
    for (int y = 0; y < height; y++) {
      int o = y * width;
      int last = Integer.MIN_VALUE / 2;
      for (int x = 0; x < width; x++) {
        if (mask[o + x] != 0) {
          last = x;
        }
        if (x - last <= r) {
          rows[o + x] = 1;
        }
      }
      int next = Integer.MAX_VALUE / 2;
      for (int x = width - 1; x >= 0; x--) {
        if (mask[o + x] != 0) {
          next = x;
        }
        if (next - x <= r) {
          rows[o + x] = 1;
        }
      }
    }
    byte[] out = new byte[mask.length];
    for (int x = 0; x < width; x++) {
      int last = Integer.MIN_VALUE / 2;
      for (int y = 0; y < height; y++) {
        if (rows[y * width + x] != 0) {
          last = y;
        }
        if (y - last <= r) {
          out[y * width + x] = 1;
        }
      }
      int next = Integer.MAX_VALUE / 2;
      for (int y = height - 1; y >= 0; y--) {
        if (rows[y * width + x] != 0) {
          next = y;
        }
        if (next - y <= r) {
          out[y * width + x] = 1;
        }
      }
    }
    return out;
  }

  /**
   * Labels the mask. {@code where} limits the seeds to pixels it marks (a region is still grown
   * in full from a seed), or null for everywhere.
   */
  static Regions of(byte[] mask, int width, int height, byte[] where) {
    int[] labels = new int[mask.length];
    List<Region> found = new ArrayList<>();
    int[] stack = new int[Math.max(16, mask.length / 8)];
    int next = 1;
    for (int seed = 0; seed < mask.length; seed++) {
      if (mask[seed] == 0 || labels[seed] != 0 || (where != null && where[seed] == 0)) {
        continue;
      }
      int id = next++;
      int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1, area = 0;
      int top = 0;
      stack[top++] = seed;
      labels[seed] = id;
      while (top > 0) {
        int p = stack[--top];
        int px = p % width, py = p / width;
        area++;
        x0 = Math.min(x0, px);
        x1 = Math.max(x1, px);
        y0 = Math.min(y0, py);
        y1 = Math.max(y1, py);
        for (int dy = -1; dy <= 1; dy++) {
          int ny = py + dy;
          if (ny < 0 || ny >= height) {
            continue;
          }
          for (int dx = -1; dx <= 1; dx++) {
            int nx = px + dx;
            if (nx < 0 || nx >= width) {
              continue;
            }
            int q = ny * width + nx;
            if (mask[q] != 0 && labels[q] == 0) {
              labels[q] = id;
              if (top == stack.length) {
                stack = java.util.Arrays.copyOf(stack, stack.length * 2);
              }
              stack[top++] = q;
            }
          }
        }
      }
      found.add(new Region(id, x0, y0, x1 - x0 + 1, y1 - y0 + 1, area, (x0 + x1) / 2, y1));
    }
    List<Region> kept = new ArrayList<>();
    for (Region r : found) {
      if (r.area() >= MIN_AREA) {
        kept.add(r);
      }
    }
    // index by id for lookups; small regions map to null
    Region[] byId = new Region[next];
    kept.forEach(r -> byId[r.id()] = r);
    return new Regions(width, labels, java.util.Arrays.asList(byId));
  }

  /** The region with this label, or null (background, or a region too small to keep). */
  Region get(int label) {
    return label <= 0 || label >= regions.size() ? null : regions.get(label);
  }

  /** Label of pixel {@code p} (index y * width + x). */
  int label(int p) {
    return labels[p];
  }

  int width() {
    return width;
  }

  /** Share of region {@code r}'s pixels inside the box {@code [x0, x1) x [y0, y1)}. */
  double shareInside(Region r, double x0, double y0, double x1, double y1) {
    int inside = 0;
    for (int y = r.y(); y < r.y() + r.height(); y++) {
      for (int x = r.x(); x < r.x() + r.width(); x++) {
        if (labels[y * width + x] == r.id() && x >= x0 && x < x1 && y >= y0 && y < y1) {
          inside++;
        }
      }
    }
    return inside / (double) r.area();
  }
}
