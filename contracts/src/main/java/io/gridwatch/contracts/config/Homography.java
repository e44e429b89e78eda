package io.gridwatch.contracts.config;

/**
 * A plane-to-image projective map (3x3, h22 = 1), built from four point correspondences. The
 * throwing detector maps image pixels to facade metres with it, and the simulator the reverse.
 */
public final class Homography {

  private final double[] h; // row-major, 9 entries

  private Homography(double[] h) {
    this.h = h;
  }

  /**
   * The homography taking {@code (sx[i], sy[i])} to {@code (dx[i], dy[i])} for the four given
   * points (no three on a line).
   */
  public static Homography fromPoints(double[] sx, double[] sy, double[] dx, double[] dy) {
    double[][] a = new double[8][9];
    for (int i = 0; i < 4; i++) {
      double x = sx[i], y = sy[i], u = dx[i], v = dy[i];
      a[2 * i] = new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
      a[2 * i + 1] = new double[] {0, 0, 0, x, y, 1, -v * x, -v * y, v};
    }
    // Gauss-Jordan with partial pivoting on the augmented 8x9 system.
    for (int col = 0; col < 8; col++) {
      int pivot = col;
      for (int r = col + 1; r < 8; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      if (Math.abs(a[pivot][col]) < 1e-12) {
        throw new IllegalArgumentException("degenerate correspondences: three points on a line");
      }
      double[] tmp = a[col];
      a[col] = a[pivot];
      a[pivot] = tmp;
      for (int r = 0; r < 8; r++) {
        if (r != col) {
          double f = a[r][col] / a[col][col];
          for (int c = col; c < 9; c++) {
            a[r][c] -= f * a[col][c];
          }
        }
      }
    }
    double[] m = new double[9];
    for (int i = 0; i < 8; i++) {
      m[i] = a[i][8] / a[i][i];
    }
    m[8] = 1;
    return new Homography(m);
  }

  /** Image x of a plane point. */
  public double x(double px, double py) {
    return (h[0] * px + h[1] * py + h[2]) / (h[6] * px + h[7] * py + h[8]);
  }

  /** Image y of a plane point. */
  public double y(double px, double py) {
    return (h[3] * px + h[4] * py + h[5]) / (h[6] * px + h[7] * py + h[8]);
  }

  /** Whether the point maps in front of the camera (positive projective scale). */
  public boolean inFront(double px, double py) {
    return h[6] * px + h[7] * py + h[8] > 1e-9;
  }

  /** The inverse map. */
  public Homography inverse() {
    double a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7], l = h[8];
    double[] inv = {
        e * l - f * k, c * k - b * l, b * f - c * e,
        f * g - d * l, a * l - c * g, c * d - a * f,
        d * k - e * g, b * g - a * k, a * e - b * d};
    double s = inv[8];
    for (int i = 0; i < 9; i++) {
      inv[i] /= s;
    }
    return new Homography(inv);
  }

  /** Pixels per plane unit around a plane point, averaged over both axes. */
  public double scaleAt(double px, double py) {
    double e = 0.05;
    double sx = Math.hypot(x(px + e, py) - x(px - e, py), y(px + e, py) - y(px - e, py)) / (2 * e);
    double sy = Math.hypot(x(px, py + e) - x(px, py - e), y(px, py + e) - y(px, py - e)) / (2 * e);
    return Math.sqrt(sx * sy);
  }
}
