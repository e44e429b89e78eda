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
 * The zones at working size: a filled mask per zone, the lowest row of the zone and of its
 * slightly widened "ground" in each column, and the counting of one sample's still regions for a
 * zone, column by column where they stand in it ({@link #count}).
 */
final class ZoneGeometry {

  /**
   * What one sample shows in one zone.
   *
   * @param stillShare     share of the zone covered by still things standing in it
   * @param differentShare share of the zone that differs from the reference at all, still
   *                       shadows included
   * @param regions        the still regions standing in the zone in at least one column
   * @param regionPixels   per entry of {@code regions}, how many of its pixels count for the zone
   * @param arrivals       when each counted pixel began to differ from the reference
   * @param arrivalRegions per entry of {@code arrivals}, the index of its region in {@code regions}
   * @param arrivalPixels  per entry of {@code arrivals}, its pixel
   * @param arrivalCount   how many of {@code arrivals} are filled
   * @param zoneArea       the zone's area in working pixels
   */
  record Counts(double stillShare, double differentShare, Regions.Region[] regions, int[] regionPixels,
      long[] arrivals, int[] arrivalRegions, int[] arrivalPixels, int arrivalCount, int zoneArea) {

    /** The counted pixels (indices into the working image). */
    int[] pixels() {
      return Arrays.copyOf(arrivalPixels, arrivalCount);
    }

    /**
     * When what stands in the zone now began to occupy it: the later of the median arrival of
     * all counted pixels and the arrival of the region with which the counted regions, taken in
     * the order they arrived, first covered {@code minCoverage} of the zone (each region's
     * arrival is the median of its pixels', which a few flickering edge pixels do not move). A
     * sliver of a bicycle that has stood at the curb for minutes does not lend its arrival to a
     * carton set down beside it a minute ago: the zone has been occupied only since there was
     * enough in it.
     */
    long arrivedMs(double minCoverage, long fallbackMs) {
      if (arrivalCount == 0) {
        return fallbackMs;
      }
      long[] all = Arrays.copyOf(arrivals, arrivalCount);
      Arrays.sort(all);
      long median = all[arrivalCount / 2];
      int n = regions.length;
      long[][] byRegion = new long[n][];
      int[] filled = new int[n];
      for (int i = 0; i < arrivalCount; i++) {
        filled[arrivalRegions[i]]++;
      }
      for (int r = 0; r < n; r++) {
        byRegion[r] = new long[filled[r]];
        filled[r] = 0;
      }
      for (int i = 0; i < arrivalCount; i++) {
        int r = arrivalRegions[i];
        byRegion[r][filled[r]++] = arrivals[i];
      }
      long[][] order = new long[n][]; // {arrival, pixels}
      int m = 0;
      for (int r = 0; r < n; r++) {
        if (byRegion[r].length > 0) {
          Arrays.sort(byRegion[r]);
          order[m++] = new long[] {byRegion[r][byRegion[r].length / 2], regionPixels[r]};
        }
      }
      Arrays.sort(order, 0, m, (x, y) -> Long.compare(x[0], y[0]));
      long needed = (long) Math.ceil(minCoverage * zoneArea);
      long covered = 0;
      for (int i = 0; i < m; i++) {
        covered += order[i][1];
        if (covered >= needed) {
          return Math.max(median, order[i][0]);
        }
      }
      return median;
    }

    /** Share of the zone covered by the counted pixels of the given regions (some of {@link #regions}). */
    double share(Regions.Region[] kept) {
      long pixels = 0;
      for (Regions.Region k : kept) {
        for (int i = 0; i < regions.length; i++) {
          if (regions[i].id() == k.id()) {
            pixels += regionPixels[i];
          }
        }
      }
      return pixels / (double) zoneArea;
    }
  }

  /**
   * How far below the zone's own bottom edge a thing's lowest lit pixel may lie and still stand
   * in it: the 3x3 blur and the area shrink spread an edge by about this much.
   */
  static final int FOOT_BLUR = 2;

  private final List<Zone> zones;
  private final int width;
  private final byte[][] masks;
  private final byte[][] ground;
  private final int[] areas;
  private final int[][] boxes;
  /** Per zone and column, the lowest row of the zone's ground (the zone widened), or -1. */
  private final int[][] groundBottom;
  /** Per zone and column, the lowest row of the zone itself, or -1. */
  private final int[][] zoneBottom;

  ZoneGeometry(List<Zone> zones, int width, int height, double scale) {
    this.zones = List.copyOf(zones);
    this.width = width;
    int n = zones.size();
    masks = new byte[n][];
    ground = new byte[n][];
    areas = new int[n];
    boxes = new int[n][];
    groundBottom = new int[n][];
    zoneBottom = new int[n][];
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
        groundBottom[z] = lowestRows(ground[z], width);
        zoneBottom[z] = lowestRows(masks[z], width);
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

  private static int[] lowestRows(byte[] mask, int width) {
    int[] bottom = new int[width];
    Arrays.fill(bottom, -1);
    for (int p = 0; p < mask.length; p++) {
      if (mask[p] != 0) {
        bottom[p % width] = Math.max(bottom[p % width], p / width);
      }
    }
    return bottom;
  }

  /**
   * Whether region {@code r} stands in zone {@code z} in column {@code x} rather than in front of
   * it: its lowest pixel in that column, where a thing meets the ground, is not nearer the camera
   * than the zone. A car stopped on the road or a bicycle at the curb may hide part of a zone in
   * the image, but they meet the ground below it; goods stand on the zone's ground; clothes on a
   * rack hang above it. A cast shadow lies on the ground, so a shadow foot may lie anywhere on the
   * zone's widened ground (blur, a shadow falling a little beyond the edge); a lit foot may be a
   * bicycle's frame or a bumper above the ground, which projects higher than where the thing
   * stands, so it must lie within the zone's own edge.
   *
   * <p>Judged per column rather than per region: the 2 px bridging and the shadow extension of
   * {@link Regions} can join a bicycle at the curb and the goods behind it into one region, which
   * then has no single foot line. The bicycle's columns stay out, the goods' columns count.
   *
   * <p>A column whose foot is hidden by something moving right below it (a car passing in front
   * of a bicycle's wheels) says nothing: what is left of the thing above the car would seem to
   * stand higher, in the zone.
   */
  private boolean standsIn(int z, Regions.Region r, int x, Regions regions, byte[] shade, byte[] moving) {
    if (zoneBottom[z][x] < 0) {
      return false;
    }
    for (int y = r.y() + r.height() - 1; y >= r.y(); y--) {
      int p = y * width + x;
      if (regions.label(p) == r.id()) {
        for (int below = y + 1; below <= y + FOOT_BLUR + 1 && below * width < moving.length; below++) {
          if (moving[below * width + x] != 0) {
            return false;
          }
        }
        return shade[p] != 0 ? y <= groundBottom[z][x] : y <= zoneBottom[z][x] + FOOT_BLUR;
      }
    }
    return false;
  }

  /**
   * Counts zone {@code z} on one sample: the pixels of still regions in the columns where they
   * stand in the zone, and everything that differs from the reference.
   */
  Counts count(int z, Regions regions, BackgroundPair model) {
    byte[] mask = masks[z];
    byte[] different = model.different();
    byte[] shade = model.stillShadow();
    byte[] moving = model.moving();
    int[] box = boxes[z];
    int still = 0, diff = 0;
    // Per region label: its column verdicts over the zone's box (0 not judged, 1 stands in, 2 not)
    // and its index among the counted regions.
    byte[][] verdicts = new byte[0][];
    int[] countedIndex = new int[0];
    List<Regions.Region> counted = new ArrayList<>();
    int[] pixelsOf = new int[8];
    long[] arrivals = new long[64];
    int[] arrivalRegions = new int[64];
    int[] arrivalPixels = new int[64];
    int arrivalCount = 0;
    int boxWidth = box[2] - box[0];
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
        if (label >= verdicts.length) {
          verdicts = Arrays.copyOf(verdicts, label * 2 + 1);
          int before = countedIndex.length;
          countedIndex = Arrays.copyOf(countedIndex, label * 2 + 1);
          Arrays.fill(countedIndex, before, countedIndex.length, -1);
        }
        Regions.Region r = regions.get(label);
        if (r == null) {
          continue;
        }
        if (verdicts[label] == null) {
          verdicts[label] = new byte[boxWidth];
        }
        int column = x - box[0];
        if (verdicts[label][column] == 0) {
          verdicts[label][column] = (byte) (standsIn(z, r, x, regions, shade, moving) ? 1 : 2);
        }
        if (verdicts[label][column] != 1) {
          continue;
        }
        if (countedIndex[label] < 0) {
          countedIndex[label] = counted.size();
          counted.add(r);
          if (pixelsOf.length < counted.size()) {
            pixelsOf = Arrays.copyOf(pixelsOf, pixelsOf.length * 2);
          }
        }
        pixelsOf[countedIndex[label]]++;
        still++;
        long since = model.differentSinceMs(p);
        if (since != Long.MIN_VALUE) {
          if (arrivalCount == arrivals.length) {
            arrivals = Arrays.copyOf(arrivals, arrivals.length * 2);
            arrivalRegions = Arrays.copyOf(arrivalRegions, arrivals.length);
            arrivalPixels = Arrays.copyOf(arrivalPixels, arrivals.length);
          }
          arrivalRegions[arrivalCount] = countedIndex[label];
          arrivalPixels[arrivalCount] = p;
          arrivals[arrivalCount++] = since;
        }
      }
    }
    return new Counts(still / (double) areas[z], diff / (double) areas[z], counted.toArray(Regions.Region[]::new),
        Arrays.copyOf(pixelsOf, counted.size()), arrivals, arrivalRegions, arrivalPixels, arrivalCount,
        areas[z]);
  }

  long stateBytes() {
    long bytes = 0;
    for (int z = 0; z < masks.length; z++) {
      bytes += masks[z].length + ground[z].length + 4L * groundBottom[z].length + 4L * zoneBottom[z].length;
    }
    return bytes;
  }
}
