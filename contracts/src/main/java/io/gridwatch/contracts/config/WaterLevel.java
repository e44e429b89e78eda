package io.gridwatch.contracts.config;

import java.util.List;

/**
 * The water-level alarm line, and where to read the waterline.
 *
 * @param line           two points of the alarm line {@code [[x1,y1],[x2,y2]]}
 * @param sustainSeconds how long the water must stay above the line before it alerts, > 0; also
 *                       how long it must stay below the line (by the hysteresis) before the
 *                       alarm clears
 * @param gauge          the region where the waterline is looked for (a gauge staff and the wall
 *                       around it), or null for a band around the line: the line's width, from
 *                       one line length above it to one line length below it
 * @param hysteresis     pixels below the line the water must fall before the alarm clears;
 *                       default: 4 % of the gauge region's height, at least 2
 */
public record WaterLevel(List<Point> line, Double sustainSeconds, Polygon gauge, Double hysteresis)
    implements java.io.Serializable {

  public WaterLevel {
    ConfigViolation.required(line, "line");
    ConfigViolation.check(line.size() == 2, "line", "needs exactly 2 points, got " + line.size());
    line = List.copyOf(line);
    ConfigViolation.check(line.get(0).x() != line.get(1).x(), "line",
        "must not be vertical: the waterline is read along it");
    ConfigViolation.required(sustainSeconds, "sustainSeconds");
    ConfigViolation.check(sustainSeconds > 0 && sustainSeconds <= 86_400, "sustainSeconds",
        "must be within 0..86400 seconds (exclusive of 0), got " + sustainSeconds);
    if (hysteresis != null) {
      ConfigViolation.check(hysteresis >= 0 && hysteresis <= 1000, "hysteresis",
          "must be within 0..1000 pixels, got " + hysteresis);
    }
  }

  public WaterLevel(List<Point> line, Double sustainSeconds) {
    this(line, sustainSeconds, null, null);
  }

  /** The line's image row at {@code x} (interpolated, or extrapolated beyond its ends). */
  public double lineYAt(double x) {
    Point a = line.get(0);
    Point b = line.get(1);
    return a.y() + (b.y() - a.y()) * (x - a.x()) / (b.x() - a.x());
  }

  /** The region the waterline is read in: {@link #gauge} or the default band around the line. */
  public Polygon gaugeRegion() {
    if (gauge != null) {
      return gauge;
    }
    Point a = line.get(0);
    Point b = line.get(1);
    double length = Math.max(20, Math.hypot(b.x() - a.x(), b.y() - a.y()));
    double x0 = Math.min(a.x(), b.x());
    double x1 = Math.max(a.x(), b.x());
    double top = Math.max(0, Math.min(a.y(), b.y()) - length);
    double bottom = Math.max(a.y(), b.y()) + length;
    return Polygon.of(x0, top, x1, top, x1, bottom, x0, bottom);
  }
}
