package io.gridwatch.contracts.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A pixel position in the source video's full resolution, written {@code [x, y]}. */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"x", "y"})
public record Point(double x, double y) implements java.io.Serializable {

  public Point {
    ConfigViolation.check(Double.isFinite(x) && Double.isFinite(y), "", "point must be two finite numbers [x, y]");
    ConfigViolation.check(x >= 0 && y >= 0, "", "point [" + x + ", " + y + "] has a negative coordinate");
  }
}
