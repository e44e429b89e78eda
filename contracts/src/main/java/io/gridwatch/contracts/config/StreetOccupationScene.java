package io.gridwatch.contracts.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Shop-front sidewalk zones watched for goods, stalls and tables left outside.
 *
 * @param zones           the shop-front zones, at least one
 * @param clearSeconds    how long a zone must be seen clear before its episode ends and, if it
 *                        had alerted, a clear report is sent (default {@value #DEFAULT_CLEAR_SECONDS})
 * @param cooldownSeconds least time between two occupation alerts of one zone (default
 *                        {@value #DEFAULT_COOLDOWN_SECONDS})
 */
public record StreetOccupationScene(List<Zone> zones, Double clearSeconds, Double cooldownSeconds)
    implements java.io.Serializable {

  public static final double DEFAULT_CLEAR_SECONDS = 10;
  public static final double DEFAULT_COOLDOWN_SECONDS = 60;

  public StreetOccupationScene {
    ConfigViolation.required(zones, "zones");
    ConfigViolation.check(!zones.isEmpty(), "zones", "needs at least one zone");
    zones = List.copyOf(zones);
    requireUniqueIds(zones, "zones");
    if (clearSeconds == null) {
      clearSeconds = DEFAULT_CLEAR_SECONDS;
    }
    ConfigViolation.check(clearSeconds >= 0 && clearSeconds <= 3600, "clearSeconds",
        "must be within 0..3600 seconds, got " + clearSeconds);
    if (cooldownSeconds == null) {
      cooldownSeconds = DEFAULT_COOLDOWN_SECONDS;
    }
    ConfigViolation.check(cooldownSeconds >= 0 && cooldownSeconds <= 86_400, "cooldownSeconds",
        "must be within 0..86400 seconds, got " + cooldownSeconds);
  }

  /** Zones with the default clear time and cooldown. */
  public StreetOccupationScene(List<Zone> zones) {
    this(zones, null, null);
  }

  static void requireUniqueIds(List<Zone> zones, String key) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < zones.size(); i++) {
      ConfigViolation.check(seen.add(zones.get(i).id()), key + "[" + i + "].id",
          "zone id '" + zones.get(i).id() + "' is used twice");
    }
  }
}
