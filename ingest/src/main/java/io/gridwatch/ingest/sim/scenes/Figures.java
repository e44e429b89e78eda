package io.gridwatch.ingest.sim.scenes;

/** Simple figures drawn by several scenes: people, birds, a bicycle. Sizes are in pixels. */
final class Figures {

  private Figures() {}

  /**
   * A person {@code h} pixels tall with the feet at (x, feetY). {@code walkPhase} in radians
   * animates legs and arms; NaN means standing still.
   */
  static void person(Raster r, double x, double feetY, double h, int shirt, int trousers, int hair,
      double walkPhase) {
    if (h < 4) {
      r.fillRect(x - 1, feetY - h, 2, h, shirt);
      return;
    }
    double hipY = feetY - h * 0.48;
    double shoulderY = feetY - h * 0.84;
    double bodyW = h * 0.23;
    double swing = Double.isNaN(walkPhase) ? 0 : Math.sin(walkPhase);
    double legW = Math.max(1.2, h * 0.085);
    // legs
    r.line(x - bodyW * 0.22, hipY, x - bodyW * 0.22 + swing * h * 0.13, feetY, legW, trousers, 1);
    r.line(x + bodyW * 0.22, hipY, x + bodyW * 0.22 - swing * h * 0.13, feetY, legW, trousers, 1);
    // torso: slightly wider at the shoulders
    double[] xs = {x - bodyW * 0.55, x + bodyW * 0.55, x + bodyW * 0.45, x - bodyW * 0.45};
    double[] ys = {shoulderY, shoulderY, hipY + h * 0.03, hipY + h * 0.03};
    r.fillPolygon(xs, ys, 4, shirt, 1);
    // arms
    int sleeve = Raster.shade(shirt, 0.85);
    double armW = Math.max(1, h * 0.06);
    r.line(x - bodyW * 0.55, shoulderY + h * 0.02, x - bodyW * 0.62 - swing * h * 0.08, hipY + h * 0.02, armW, sleeve, 1);
    r.line(x + bodyW * 0.55, shoulderY + h * 0.02, x + bodyW * 0.62 + swing * h * 0.08, hipY + h * 0.02, armW, sleeve, 1);
    // head and hair
    double headR = h * 0.068;
    r.fillEllipse(x, shoulderY - headR * 1.15, headR, headR * 1.12, 0, 0xC89A7C, 1);
    r.fillEllipse(x, shoulderY - headR * 1.55, headR * 1.02, headR * 0.7, 0, hair, 1);
  }

  /**
   * A bird seen from below or the side: body along {@code heading} (radians, image coordinates)
   * and two wings; {@code flap} in -1..1 lifts the wing tips (0 = wings level, as when gliding).
   */
  static void bird(Raster r, double x, double y, double size, double heading, double flap, int rgb) {
    double cos = Math.cos(heading), sin = Math.sin(heading);
    r.fillEllipse(x, y, size * 0.28, Math.max(0.8, size * 0.09), heading, rgb, 1);
    double span = size * 0.5;
    double lift = -flap * size * 0.32;
    // wings perpendicular to the heading, tips lifted in screen y
    double px = -sin, py = cos;
    double w = Math.max(1, size * 0.09);
    double bx = x - cos * size * 0.04, by = y - sin * size * 0.04;
    r.line(bx, by, bx + px * span - cos * size * 0.12, by + py * span * 0.35 + lift, w, rgb, 1);
    r.line(bx, by, bx - px * span - cos * size * 0.12, by - py * span * 0.35 + lift, w, rgb, 1);
  }

  /** A ring (circle outline) of radius {@code rx, ry}. */
  static void ring(Raster r, double cx, double cy, double rx, double ry, double thickness, int rgb) {
    int n = 16;
    double px = cx + rx, py = cy;
    for (int i = 1; i <= n; i++) {
      double a = 2 * Math.PI * i / n;
      double qx = cx + rx * Math.cos(a), qy = cy + ry * Math.sin(a);
      r.line(px, py, qx, qy, thickness, rgb, 1);
      px = qx;
      py = qy;
    }
  }
}
