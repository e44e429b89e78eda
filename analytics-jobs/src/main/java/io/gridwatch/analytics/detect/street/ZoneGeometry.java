package io.gridwatch.analytics.detect.street;

import io.gridwatch.analytics.vision.Images;
import io.gridwatch.contracts.config.Zone;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The zones at working size: a filled mask per zone, and a slightly widened "ground" mask in
 * which a still region's foot must stand to count for the zone.
 */
final class ZoneGeometry {

  /**
   * What one sample shows in one zone.
   *
   * @param stillShare     share of the zone covered by still regions standing in it
   * @param differentShare share of the zone that differs from the reference at all, still
   *                       shadows included
   * @param regions        the still regions standing in the zone
   * @param arrivals       when each counted pixel began to differ from the reference
   * @param arrivalCount   how many of {@code arrivals} are filled
   */
  record Counts(double stillShare, double differentShare, Regions.Region[] regions, long[] arrivals, int arrivalCount) {

    /** When the still things in the zone arrived: the median of their pixels' arrival times. */
    long arrivedMs(BackgroundPair model, long fallbackMs) {
      if (arrivalCount == 0) {
        return fallbackMs;
      }
      long[] a = Arrays.copyOf(arrivals, arrivalCount);
      Arrays.sort(a);
      return a[arrivalCount / 2];
    }
  }

  private final List<Zone> zones;
  private final int width;
  private final byte[][] masks;
  private final byte[][] ground;
  private final int[] areas;
  private final int[][] boxes;
  /** Per zone and column, the lowest row of the zone's ground, or -1. */
  private final int[][] groundBottom;

  ZoneGeometry(List<Zone> zones, int width, int height, double scale) {
    this.zones = List.copyOf(zones);
    this.width = width;
    int n = zones.size();
    masks = new byte[n][];
    ground = new byte[n][];
    areas = new int[n];
    boxes = new int[n][];
    groundBottom = new int[n][];
    Size size = new Size(width, height);
    for (int z = 0; z < n; z++) {
      try (Mat mask = Images.polygonMask(zones.get(z).polygon(), scale, size)) {
        masks[z] = new byte[width * height];
        mask.data().get(masks[z]);
        int x0 = width, y0 = height, x1 = -1, y1 = -1, area = 0;
        for (int p = 0; p < masks[z].length; p++) {
          if (masks[z][p] != 0) {
            masks[z][p] = 1;
            area++;
            int x = p % width, y = p / width;
            x0 = Math.min(x0, x);
            x1 = Math.max(x1, x);
            y0 = Math.min(y0, y);
            y1 = Math.max(y1, y);
          }
        }
        areas[z] = Math.max(1, area);
        boxes[z] = area == 0 ? new int[] {0, 0, 0, 0} : new int[] {x0, y0, x1 + 1, y1 + 1};
        // The ground mask: the zone widened by an eighth of its height (at least 2 px), since a
        // region's bottom row is where its lowest pixel is, give or take blur and a cast shadow.
        int grow = Math.max(2, (y1 - y0 + 1) / 8);
        try (Mat dilated = new Mat(); Mat kernel = opencv_imgproc.getStructuringElement(opencv_imgproc.MORPH_ELLIPSE,
            new Size(2 * grow + 1, 2 * grow + 1))) {
          opencv_imgproc.dilate(mask, dilated, kernel);
          ground[z] = new byte[width * height];
          dilated.data().get(ground[z]);
        }
        groundBottom[z] = new int[width];
        java.util.Arrays.fill(groundBottom[z], -1);
        for (int p = 0; p < ground[z].length; p++) {
          if (ground[z][p] != 0) {
            groundBottom[z][p % width] = Math.max(groundBottom[z][p % width], p / width);
          }
        }
      }
    }
    size.close();
  }

  int size() {
    return zones.size();
  }

  Zone zone(int z) {
    return zones.get(z);
  }

  /**
   * Whether region {@code r} stands in zone {@code z} rather than in front of it: fewer than half
   * of its foot line (the lowest pixel of each of its columns over the zone) lies below the zone's
   * ground, that is nearer the camera. A car stopped on the road or a bicycle at the curb may hide
   * part of a zone in the image, but their foot line lies below it. Goods stand on the zone's
   * ground; clothes on a rack hang above it, their foot line higher still.
   */
  boolean standsIn(int z, Regions.Region r, Regions regions) {
    int[] bottom = groundBottom[z];
    int columns = 0, below = 0;
    for (int x = r.x(); x < r.x() + r.width(); x++) {
      if (bottom[x] < 0) {
        continue; // the zone has no ground in this column
      }
      for (int y = r.y() + r.height() - 1; y >= r.y(); y--) {
        if (regions.label(y * width + x) == r.id()) {
          columns++;
          below += y > bottom[x] ? 1 : 0;
          break;
        }
      }
    }
    return columns > 0 && below * 2 < columns;
  }

  Counts count(int z, Regions regions, BackgroundPair model) {
    byte[] mask = masks[z];
    byte[] different = model.different();
    byte[] shade = model.stillShadow();
    int[] box = boxes[z];
    int still = 0, diff = 0;
    List<Regions.Region> counted = new ArrayList<>();
    boolean[] decided = new boolean[0];
    boolean[] accepted = new boolean[0];
    long[] arrivals = new long[64];
    int arrivalCount = 0;
    for (int y = box[1]; y < box[3]; y++) {
      for (int x = box[0]; x < box[2]; x++) {
        int p = y * width + x;
        if (mask[p] == 0) {
          continue;
        }
        if (different[p] != 0 || shade[p] != 0) {
          diff++;
        }
        int label = regions.label(p);
        if (label <= 0) {
          continue;
        }
        if (label >= decided.length) {
          decided = Arrays.copyOf(decided, label * 2 + 1);
          accepted = Arrays.copyOf(accepted, label * 2 + 1);
        }
        if (!decided[label]) {
          decided[label] = true;
          Regions.Region r = regions.get(label);
          accepted[label] = r != null && standsIn(z, r, regions);
          if (accepted[label]) {
            counted.add(r);
          }
        }
        if (accepted[label]) {
          still++;
          if (arrivalCount == arrivals.length) {
            arrivals = Arrays.copyOf(arrivals, arrivals.length * 2);
          }
          long since = model.differentSinceMs(p);
          if (since != Long.MIN_VALUE) {
            arrivals[arrivalCount++] = since;
          }
        }
      }
    }
    return new Counts(still / (double) areas[z], diff / (double) areas[z], counted.toArray(Regions.Region[]::new),
        arrivals, arrivalCount);
  }

  /** Share of zone {@code z} covered by the given regions. */
  double share(int z, Regions regions, Regions.Region[] counted) {
    if (counted.length == 0) {
      return 0;
    }
    byte[] mask = masks[z];
    int[] box = boxes[z];
    java.util.Set<Integer> ids = new java.util.HashSet<>();
    for (Regions.Region r : counted) {
      ids.add(r.id());
    }
    int still = 0;
    for (int y = box[1]; y < box[3]; y++) {
      for (int x = box[0]; x < box[2]; x++) {
        int p = y * width + x;
        if (mask[p] != 0 && regions.label(p) > 0 && ids.contains(regions.label(p))) {
          still++;
        }
      }
    }
    return still / (double) areas[z];
  }

  long stateBytes() {
    long bytes = 0;
    for (int z = 0; z < masks.length; z++) {
      bytes += masks[z].length + ground[z].length + 4L * groundBottom[z].length;
    }
    return bytes;
  }
}
