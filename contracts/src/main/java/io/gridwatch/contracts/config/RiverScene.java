package io.gridwatch.contracts.config;

import java.util.List;

/**
 * A stretch of river: the water surface, danger zones on the bank, and an optional level line.
 *
 * @param water       the water surface polygon (debris is looked for inside it)
 * @param dangerZones zones where a person staying {@code dwellSeconds} raises an intrusion alert
 * @param waterLevel  alarm line, or null when the camera does not watch a gauge
 */
public record RiverScene(Polygon water, List<Zone> dangerZones, WaterLevel waterLevel) implements java.io.Serializable {

  public RiverScene {
    ConfigViolation.required(water, "water");
    dangerZones = dangerZones == null ? List.of() : List.copyOf(dangerZones);
    StreetOccupationScene.requireUniqueIds(dangerZones, "dangerZones");
  }
}
