package io.gridwatch.contracts.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Shop-front sidewalk zones watched for goods, stalls and tables left outside. */
public record StreetOccupationScene(List<Zone> zones) implements java.io.Serializable {

  public StreetOccupationScene {
    ConfigViolation.required(zones, "zones");
    ConfigViolation.check(!zones.isEmpty(), "zones", "needs at least one zone");
    zones = List.copyOf(zones);
    requireUniqueIds(zones, "zones");
  }

  static void requireUniqueIds(List<Zone> zones, String key) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < zones.size(); i++) {
      ConfigViolation.check(seen.add(zones.get(i).id()), key + "[" + i + "].id",
          "zone id '" + zones.get(i).id() + "' is used twice");
    }
  }
}
