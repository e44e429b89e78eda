package io.gridwatch.contracts.config;

/**
 * A watched region of the image: a shop-front sidewalk, or a danger zone by the water.
 *
 * @param id           unique within the scene; reported as the alert's {@code zone}
 * @param polygon      the region, at least 3 corners
 * @param dwellSeconds how long something must stay in the zone before it alerts, > 0
 * @param minCoverage  share of the zone that must be covered to count as occupied, 0..1
 *                     (default {@value #DEFAULT_MIN_COVERAGE})
 */
public record Zone(String id, Polygon polygon, Double dwellSeconds, Double minCoverage) implements java.io.Serializable {

  public static final double DEFAULT_MIN_COVERAGE = 0.10;

  public Zone {
    ConfigViolation.required(id, "id");
    ConfigViolation.check(id.matches("[A-Za-z0-9_.-]{1,64}"), "id",
        "'" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
    ConfigViolation.required(polygon, "polygon");
    ConfigViolation.required(dwellSeconds, "dwellSeconds");
    ConfigViolation.check(dwellSeconds > 0 && dwellSeconds <= 86_400, "dwellSeconds",
        "must be within 0..86400 seconds (exclusive of 0), got " + dwellSeconds);
    if (minCoverage == null) {
      minCoverage = DEFAULT_MIN_COVERAGE;
    }
    ConfigViolation.check(minCoverage > 0 && minCoverage <= 1, "minCoverage",
        "must be within 0..1 (exclusive of 0), got " + minCoverage);
  }
}
