package io.gridwatch.contracts.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/** A simple polygon in pixel coordinates, written as a list of {@code [x, y]} corners. */
public record Polygon(List<Point> points) implements java.io.Serializable {

  @JsonCreator
  public Polygon {
    ConfigViolation.check(points != null && points.size() >= 3, "",
        "polygon needs at least 3 corners, got " + (points == null ? 0 : points.size()));
    points = List.copyOf(points);
    ConfigViolation.check(Math.abs(signedArea(points)) >= 1.0, "", "polygon has no area");
  }

  public static Polygon of(double... xy) {
    if (xy.length % 2 != 0) {
      throw new IllegalArgumentException("coordinates come in x,y pairs");
    }
    Point[] pts = new Point[xy.length / 2];
    for (int i = 0; i < pts.length; i++) {
      pts[i] = new Point(xy[2 * i], xy[2 * i + 1]);
    }
    return new Polygon(List.of(pts));
  }

  @JsonValue
  public List<Point> points() {
    return points;
  }

  /** Area in square pixels. */
  public double area() {
    return Math.abs(signedArea(points));
  }

  /** Even-odd rule; points on an edge may fall either way. */
  public boolean contains(double x, double y) {
    boolean inside = false;
    for (int i = 0, j = points.size() - 1; i < points.size(); j = i++) {
      Point a = points.get(i);
      Point b = points.get(j);
      if ((a.y() > y) != (b.y() > y) && x < (b.x() - a.x()) * (y - a.y()) / (b.y() - a.y()) + a.x()) {
        inside = !inside;
      }
    }
    return inside;
  }

  /** Smallest axis-aligned box {minX, minY, maxX, maxY} around the polygon. */
  public double[] bounds() {
    double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
    for (Point p : points) {
      minX = Math.min(minX, p.x());
      minY = Math.min(minY, p.y());
      maxX = Math.max(maxX, p.x());
      maxY = Math.max(maxY, p.y());
    }
    return new double[] {minX, minY, maxX, maxY};
  }

  private static double signedArea(List<Point> pts) {
    double sum = 0;
    for (int i = 0, j = pts.size() - 1; i < pts.size(); j = i++) {
      sum += (pts.get(j).x() + pts.get(i).x()) * (pts.get(j).y() - pts.get(i).y());
    }
    return sum / 2;
  }
}
