package io.gridwatch.analytics.detect.throwing;

import io.gridwatch.contracts.config.Point;
import io.gridwatch.contracts.config.ThrowingScene;
import java.util.List;

/**
 * The watched facade as a plane: maps image pixels to facade metres and back with a homography
 * from its four corners, and names the window (floor, column) of a facade position.
 *
 * <p>Facade coordinates: {@code u} metres from the left edge, {@code v} metres <em>down</em> from
 * the top edge, so a falling object's {@code v} grows like {@code g t^2 / 2}. Floors are {@link
 * #floorHeightMeters} high and columns {@link #columnWidthMeters} wide; only their ratio matters
 * for naming windows, but the metric scale makes gravity a usable test.
 */
public final class Facade {

  /** Typical storey height of residential buildings, metres. */
  public static final double DEFAULT_FLOOR_HEIGHT_M = 3.0;

  private final int floors;
  private final int columns;
  private final double floorHeightMeters;
  private final double columnWidthMeters;
  private final double[] toFacade; // 3x3, image -> facade metres
  private final double[] toImage; // 3x3, facade metres -> image

  public Facade(ThrowingScene scene, double floorHeightMeters) {
    this.floors = scene.floors();
    this.columns = scene.columns();
    this.floorHeightMeters = floorHeightMeters;
    List<Point> c = scene.facade();
    double widthPx = (c.get(1).x() - c.get(0).x() + c.get(2).x() - c.get(3).x()) / 2;
    double heightPx = (c.get(3).y() - c.get(0).y() + c.get(2).y() - c.get(1).y()) / 2;
    // Column width from the facade's own proportions: the corners' pixel aspect ratio, scaled by
    // the storey height. Exact for a fronto-parallel view, close enough for naming columns.
    this.columnWidthMeters = floorHeightMeters * floors / heightPx * widthPx / columns;
    double w = columns * columnWidthMeters;
    double h = floors * floorHeightMeters;
    double[][] image = {{c.get(0).x(), c.get(0).y()}, {c.get(1).x(), c.get(1).y()}, {c.get(2).x(), c.get(2).y()},
        {c.get(3).x(), c.get(3).y()}};
    double[][] facade = {{0, 0}, {w, 0}, {w, h}, {0, h}};
    this.toFacade = homography(image, facade);
    this.toImage = homography(facade, image);
  }

  public Facade(ThrowingScene scene) {
    this(scene, DEFAULT_FLOOR_HEIGHT_M);
  }

  public int floors() {
    return floors;
  }

  public int columns() {
    return columns;
  }

  public double widthMeters() {
    return columns * columnWidthMeters;
  }

  public double heightMeters() {
    return floors * floorHeightMeters;
  }

  public double floorHeightMeters() {
    return floorHeightMeters;
  }

  public double columnWidthMeters() {
    return columnWidthMeters;
  }

  /** Image pixel to facade metres {u, v}. */
  public double[] toFacade(double x, double y) {
    return apply(toFacade, x, y);
  }

  /** Facade metres to image pixel {x, y}. */
  public double[] toImage(double u, double v) {
    return apply(toImage, u, v);
  }

  /** Whether a facade position lies on the facade (with a margin in metres). */
  public boolean contains(double u, double v, double marginMeters) {
    return u >= -marginMeters && u <= widthMeters() + marginMeters && v >= -marginMeters
        && v <= heightMeters() + marginMeters;
  }

  /** Floor of a facade position, 1 at the bottom, clamped to the facade. */
  public int floorAt(double v) {
    int fromTop = (int) Math.floor(v / floorHeightMeters);
    return Math.max(1, Math.min(floors, floors - fromTop));
  }

  /** Window column of a facade position, 1 at the left, clamped to the facade. */
  public int columnAt(double u) {
    return Math.max(1, Math.min(columns, (int) Math.floor(u / columnWidthMeters) + 1));
  }

  private static double[] apply(double[] m, double x, double y) {
    double w = m[6] * x + m[7] * y + m[8];
    return new double[] {(m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w};
  }

  /** The homography taking four source points to four destination points (direct linear transform). */
  static double[] homography(double[][] src, double[][] dst) {
    double[][] a = new double[8][9];
    for (int i = 0; i < 4; i++) {
      double x = src[i][0], y = src[i][1], u = dst[i][0], v = dst[i][1];
      a[2 * i] = new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
      a[2 * i + 1] = new double[] {0, 0, 0, x, y, 1, -v * x, -v * y, v};
    }
    // Solve the 8x8 system (h33 = 1) by Gaussian elimination with partial pivoting.
    for (int col = 0; col < 8; col++) {
      int pivot = col;
      for (int r = col + 1; r < 8; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] tmp = a[col];
      a[col] = a[pivot];
      a[pivot] = tmp;
      if (Math.abs(a[col][col]) < 1e-12) {
        throw new IllegalArgumentException("facade corners are degenerate (three of them on one line?)");
      }
      for (int r = 0; r < 8; r++) {
        if (r != col) {
          double f = a[r][col] / a[col][col];
          for (int k = col; k < 9; k++) {
            a[r][k] -= f * a[col][k];
          }
        }
      }
    }
    double[] h = new double[9];
    for (int i = 0; i < 8; i++) {
      h[i] = a[i][8] / a[i][i];
    }
    h[8] = 1;
    return h;
  }
}
