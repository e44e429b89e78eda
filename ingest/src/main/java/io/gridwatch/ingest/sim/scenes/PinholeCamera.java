package io.gridwatch.ingest.sim.scenes;

/**
 * A pinhole camera without lens distortion or roll, for scenes drawn in 3D (the street). World
 * coordinates are metres with z up; {@link #project} gives pixel coordinates and the depth along
 * the optical axis.
 */
final class PinholeCamera {

  private final double cx, cy, cz;
  private final double[] right, down, forward;
  private final double focal;
  private final double halfW, halfH;

  /**
   * @param eye    camera position (x, y, z)
   * @param target a point the optical axis passes through
   * @param hfovDegrees horizontal field of view
   */
  PinholeCamera(double[] eye, double[] target, double hfovDegrees, int width, int height) {
    cx = eye[0];
    cy = eye[1];
    cz = eye[2];
    forward = normalize(new double[] {target[0] - cx, target[1] - cy, target[2] - cz});
    right = normalize(cross(forward, new double[] {0, 0, 1}));
    down = cross(forward, right);
    halfW = width / 2.0;
    halfH = height / 2.0;
    focal = halfW / Math.tan(Math.toRadians(hfovDegrees) / 2);
  }

  /** Pixel x, pixel y and depth of a world point; depth &lt;= 0 means behind the camera. */
  double[] project(double x, double y, double z, double[] out) {
    double vx = x - cx, vy = y - cy, vz = z - cz;
    double zc = vx * forward[0] + vy * forward[1] + vz * forward[2];
    double xc = vx * right[0] + vy * right[1] + vz * right[2];
    double yc = vx * down[0] + vy * down[1] + vz * down[2];
    out[0] = halfW + focal * xc / zc;
    out[1] = halfH + focal * yc / zc;
    out[2] = zc;
    return out;
  }

  double[] project(double x, double y, double z) {
    return project(x, y, z, new double[3]);
  }

  /** The world ray through pixel (u, v): a direction (not normalised). */
  double[] ray(double u, double v, double[] out) {
    double xc = (u - halfW) / focal, yc = (v - halfH) / focal;
    for (int i = 0; i < 3; i++) {
      out[i] = forward[i] + xc * right[i] + yc * down[i];
    }
    return out;
  }

  double[] eye() {
    return new double[] {cx, cy, cz};
  }

  /** Pixels per metre for something at depth {@code depth}. */
  double pixelsPerMetre(double depth) {
    return focal / depth;
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  }

  private static double[] normalize(double[] v) {
    double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    return new double[] {v[0] / n, v[1] / n, v[2] / n};
  }
}
