package io.gridwatch.analytics.detect.throwing;

/** Least-squares fits of a track's coordinates over time, for prediction and for judging. */
final class Fits {

  private Fits() {}

  /** Least-squares {c0, c1, c2} of y = c0 + c1 t + c2 t^2. */
  static double[] quadratic(double[] t, double[] y) {
    double s0 = t.length, s1 = 0, s2 = 0, s3 = 0, s4 = 0, b0 = 0, b1 = 0, b2 = 0;
    for (int i = 0; i < t.length; i++) {
      double ti = t[i], t2 = ti * ti;
      s1 += ti;
      s2 += t2;
      s3 += t2 * ti;
      s4 += t2 * t2;
      b0 += y[i];
      b1 += y[i] * ti;
      b2 += y[i] * t2;
    }
    double[][] m = {{s0, s1, s2, b0}, {s1, s2, s3, b1}, {s2, s3, s4, b2}};
    for (int c = 0; c < 3; c++) {
      int p = c;
      for (int r = c + 1; r < 3; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
          p = r;
        }
      }
      double[] tmp = m[c];
      m[c] = m[p];
      m[p] = tmp;
      if (Math.abs(m[c][c]) < 1e-12) {
        return new double[] {y[0], 0, 0};
      }
      for (int r = 0; r < 3; r++) {
        if (r != c) {
          double f = m[r][c] / m[c][c];
          for (int k = c; k < 4; k++) {
            m[r][k] -= f * m[c][k];
          }
        }
      }
    }
    return new double[] {m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]};
  }

  /** Least-squares {c0, c1} of y = c0 + c1 t. */
  static double[] line(double[] t, double[] y) {
    double n = t.length, st = 0, sy = 0, stt = 0, sty = 0;
    for (int i = 0; i < t.length; i++) {
      st += t[i];
      sy += y[i];
      stt += t[i] * t[i];
      sty += t[i] * y[i];
    }
    double d = n * stt - st * st;
    if (Math.abs(d) < 1e-12) {
      return new double[] {sy / n, 0};
    }
    double slope = (n * sty - st * sy) / d;
    return new double[] {(sy - slope * st) / n, slope};
  }

  /**
   * The fitted quadratic's value at {@code at}. Times are rescaled to seconds-like magnitudes
   * first, as sums of fourth powers of milliseconds lose precision.
   */
  static double quadraticAt(double[] t, double[] y, double at) {
    double[] ts = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      ts[i] = t[i] / 1000;
    }
    double[] c = quadratic(ts, y);
    double a = at / 1000;
    return c[0] + c[1] * a + c[2] * a * a;
  }
}
