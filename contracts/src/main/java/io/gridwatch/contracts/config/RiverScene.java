package io.gridwatch.contracts.config;

import java.util.List;

/**
 * A stretch of river: the water surface, danger zones on the bank, and an optional level line.
 *
 * @param water           the water surface polygon (debris is looked for inside it)
 * @param dangerZones     zones where a person staying {@code dwellSeconds} raises an intrusion alert
 * @param waterLevel      alarm line, or null when the camera does not watch a gauge
 * @param debris          how debris on the water is judged (defaults when left out)
 * @param minPersonHeight height in pixels of the smallest person to look for in the danger zones,
 *                        default {@value #DEFAULT_MIN_PERSON_HEIGHT}; people smaller than the
 *                        people detector's window are found by enlarging the zone's region
 */
public record RiverScene(Polygon water, List<Zone> dangerZones, WaterLevel waterLevel, RiverDebris debris,
    Double minPersonHeight) implements java.io.Serializable {

  public static final double DEFAULT_MIN_PERSON_HEIGHT = 48;

  public RiverScene {
    ConfigViolation.required(water, "water");
    dangerZones = dangerZones == null ? List.of() : List.copyOf(dangerZones);
    StreetOccupationScene.requireUniqueIds(dangerZones, "dangerZones");
    if (debris == null) {
      debris = RiverDebris.defaults();
    }
    if (minPersonHeight == null) {
      minPersonHeight = DEFAULT_MIN_PERSON_HEIGHT;
    }
    ConfigViolation.check(minPersonHeight >= 16 && minPersonHeight <= 1000, "minPersonHeight",
        "must be within 16..1000 pixels, got " + minPersonHeight);
  }

  /** A river scene with the default debris rules and person size. */
  public RiverScene(Polygon water, List<Zone> dangerZones, WaterLevel waterLevel) {
    this(water, dangerZones, waterLevel, null, null);
  }
}
