package io.gridwatch.analytics.detect.river;

import io.gridwatch.contracts.config.Polygon;
import org.bytedeco.opencv.opencv_core.Rect;

/** Pixel boxes around scene polygons, clipped to the frame. */
final class RiverGeometry {

  private RiverGeometry() {}

  /**
   * The polygon's bounding box in full-resolution pixels, widened upwards by {@code extendUp}
   * pixels and clipped to a {@code width} x {@code height} frame (possibly empty).
   */
  static Rect clippedBounds(Polygon polygon, int width, int height, double extendUp) {
    double[] b = polygon.bounds();
    int x0 = clamp((int) Math.floor(b[0]), width);
    int y0 = clamp((int) Math.floor(b[1] - extendUp), height);
    int x1 = clamp((int) Math.ceil(b[2]), width);
    int y1 = clamp((int) Math.ceil(b[3]), height);
    return new Rect(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(max, v));
  }
}
