package io.gridwatch.analytics.detect.throwing;

import io.gridwatch.contracts.config.Homography;
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
  private final Homography toFacade; // image -> facade metres
  private final Homography toImage; // facade metres -> image

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
    double[] ix = {c.get(0).x(), c.get(1).x(), c.get(2).x(), c.get(3).x()};
    double[] iy = {c.get(0).y(), c.get(1).y(), c.get(2).y(), c.get(3).y()};
    double[] fx = {0, w, w, 0};
    double[] fy = {0, 0, h, h};
    this.toFacade = Homography.fromPoints(ix, iy, fx, fy);
    this.toImage = Homography.fromPoints(fx, fy, ix, iy);
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
    return new double[] {toFacade.x(x, y), toFacade.y(x, y)};
  }

  /** Facade metres to image pixel {x, y}. */
  public double[] toImage(double u, double v) {
    return new double[] {toImage.x(u, v), toImage.y(u, v)};
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
}
