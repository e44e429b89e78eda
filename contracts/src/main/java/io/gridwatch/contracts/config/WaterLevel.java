package io.gridwatch.contracts.config;

import java.util.List;

/**
 * The water-level alarm line.
 *
 * @param line           two points of the alarm line {@code [[x1,y1],[x2,y2]]}
 * @param sustainSeconds how long the water must stay above the line before it alerts, > 0
 */
public record WaterLevel(List<Point> line, Double sustainSeconds) implements java.io.Serializable {

  public WaterLevel {
    ConfigViolation.required(line, "line");
    ConfigViolation.check(line.size() == 2, "line", "needs exactly 2 points, got " + line.size());
    line = List.copyOf(line);
    ConfigViolation.required(sustainSeconds, "sustainSeconds");
    ConfigViolation.check(sustainSeconds > 0 && sustainSeconds <= 86_400, "sustainSeconds",
        "must be within 0..86400 seconds (exclusive of 0), got " + sustainSeconds);
  }
}
