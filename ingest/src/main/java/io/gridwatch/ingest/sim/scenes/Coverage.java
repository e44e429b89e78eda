package io.gridwatch.ingest.sim.scenes;

import java.util.List;

/** Image-space overlap of drawn faces with a zone polygon, estimated on a sample grid. */
final class Coverage {

  private Coverage() {}

  /** Share (0..1) of the zone polygon's area covered by any of {@code faces}. */
  static double share(double[] zx, double[] zy, List<Solid.Face> faces) {
    double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
    for (int i = 0; i < zx.length; i++) {
      minX = Math.min(minX, zx[i]);
      maxX = Math.max(maxX, zx[i]);
      minY = Math.min(minY, zy[i]);
      maxY = Math.max(maxY, zy[i]);
    }
    double step = Math.max(0.5, Math.max(maxX - minX, maxY - minY) / 120);
    int inZone = 0, covered = 0;
    for (double y = minY + step / 2; y < maxY; y += step) {
      for (double x = minX + step / 2; x < maxX; x += step) {
        if (!contains(zx, zy, x, y)) {
          continue;
        }
        inZone++;
        for (Solid.Face f : faces) {
          if (contains(f.xs(), f.ys(), x, y)) {
            covered++;
            break;
          }
        }
      }
    }
    return inZone == 0 ? 0 : covered / (double) inZone;
  }

  /** Even-odd rule. */
  static boolean contains(double[] xs, double[] ys, double x, double y) {
    boolean inside = false;
    for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
      if ((ys[i] > y) != (ys[j] > y) && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
        inside = !inside;
      }
    }
    return inside;
  }
}
