package io.gridwatch.contracts.config;

import java.util.Locale;
import java.util.Set;

/**
 * Time limits (处置时限) for incidents of one scene and priority, counted from the moment the
 * incident was reported: accepted by the worker within {@code acceptMinutes}, verified on site
 * within {@code verifyMinutes}, resolved within {@code resolveMinutes}.
 *
 * @param scene          alert scene wire name ({@code throwing}, {@code street-occupation}, ...)
 *                       or {@code *} for every scene
 * @param priority       {@code high}, {@code normal}, {@code low}, or {@code *} (the default)
 * @param acceptMinutes  limit for accepting, {@code >= 1}
 * @param verifyMinutes  limit for verifying, {@code >= acceptMinutes}
 * @param resolveMinutes limit for resolving, {@code >= verifyMinutes}
 */
public record TimeLimit(String scene, String priority, int acceptMinutes, int verifyMinutes, int resolveMinutes)
    implements java.io.Serializable {

  private static final Set<String> PRIORITIES = Set.of("high", "normal", "low", "*");

  public TimeLimit {
    ConfigViolation.required(scene, "scene");
    priority = priority == null ? "*" : priority.trim().toLowerCase(Locale.ROOT);
    ConfigViolation.check(PRIORITIES.contains(priority), "priority",
        "'" + priority + "' is not a priority; expected high, normal, low or *");
    if (!scene.equals("*")) {
      try {
        io.gridwatch.contracts.alert.AlertScene.fromWireName(scene);
      } catch (IllegalArgumentException e) {
        throw new ConfigViolation("scene", e.getMessage());
      }
    }
    ConfigViolation.check(acceptMinutes >= 1, "acceptMinutes", "must be >= 1, got " + acceptMinutes);
    ConfigViolation.check(verifyMinutes >= acceptMinutes, "verifyMinutes",
        "must be >= acceptMinutes (" + acceptMinutes + "), got " + verifyMinutes);
    ConfigViolation.check(resolveMinutes >= verifyMinutes, "resolveMinutes",
        "must be >= verifyMinutes (" + verifyMinutes + "), got " + resolveMinutes);
  }
}
