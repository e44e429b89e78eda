package io.gridwatch.analytics.detect.throwing;

import io.gridwatch.contracts.config.Point;
import io.gridwatch.contracts.config.ThrowingScene;
import io.gridwatch.ingest.sim.Canvas;
import java.util.List;

/**
 * Frames of a facade seen from below, drawn in memory for detector tests: a 12-storey, 6-column
 * wall in perspective (narrower at the top) with windows, and things moving in its plane.
 */
final class FacadeFootage {

  static final int W = 1280;
  static final int H = 720;
  static final ThrowingScene SCENE = new ThrowingScene(
      List.of(new Point(420, 20), new Point(860, 20), new Point(1020, 700), new Point(260, 700)), 12, 6);
  static final Facade FACADE = new Facade(SCENE);
  static final double G = 9.81;

  private final Canvas canvas = new Canvas(W, H, 5);

  FacadeFootage() {
    canvas.clear();
    canvas.fillRect(0, 0, W, H, 170, 150, 130); // sky
    // The wall, row by row between the facade's left and right edges.
    for (int y = 20; y < 700; y++) {
      double f = (y - 20) / 680.0;
      int x0 = (int) (420 + (260 - 420) * f);
      int x1 = (int) (860 + (1020 - 860) * f);
      canvas.fillRect(x0, y, x1 - x0, 1, 120, 130, 140);
    }
    for (int floor = 1; floor <= 12; floor++) {
      for (int col = 1; col <= 6; col++) {
        window(floor, col, 60, 60, 70);
      }
    }
    canvas.fillRect(0, 700, W, 20, 90, 95, 100); // ground
    canvas.useAsBackground();
  }

  /** Draws a window (its pane, inset in the cell) in a colour. */
  void window(int floor, int col, int b, int g, int r) {
    double u0 = (col - 1) * FACADE.columnWidthMeters() + 0.25 * FACADE.columnWidthMeters();
    double u1 = u0 + 0.5 * FACADE.columnWidthMeters();
    double v0 = (12 - floor) * FACADE.floorHeightMeters() + 0.6;
    double v1 = v0 + 1.5;
    double[] a = FACADE.toImage(u0, v0);
    double[] c = FACADE.toImage(u1, v1);
    canvas.fillRect((int) a[0], (int) a[1], (int) (c[0] - a[0]), (int) (c[1] - a[1]), b, g, r);
  }

  /** Starts a frame from the plain wall. */
  Canvas frame() {
    return canvas.clear();
  }

  /** The frame drawn so far, with camera noise. */
  byte[] render() {
    return canvas.render(2.0);
  }

  /** Shifts brightness of the whole frame (exposure change). */
  void exposure(double factor) {
    canvas.brightness(factor);
  }

  Canvas canvas() {
    return canvas;
  }

  /** Draws something at a facade position (metres), {@code radiusPx} big. */
  void at(double u, double v, int radiusPx, int b, int g, int r) {
    double[] p = FACADE.toImage(u, v);
    canvas.fillCircle((int) Math.round(p[0]), (int) Math.round(p[1]), radiusPx, b, g, r);
  }

  /** Facade position of the sill of a window: where things are dropped from. */
  static double[] sill(int floor, int col) {
    return new double[] {(col - 0.5) * FACADE.columnWidthMeters(), (12 - floor) * FACADE.floorHeightMeters() + 2.1};
  }
}
