package io.gridwatch.alerts.lifecycle;

import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.config.TimeLimit;
import io.gridwatch.contracts.incident.IncidentPriority;
import java.util.List;
import java.util.Locale;

/**
 * Time limits per scene and priority, and the priority of a new incident.
 *
 * <p>The site file's {@code timeLimits} are tried in file order; the first whose scene and
 * priority match (either may be {@code *}) applies. Without a match the defaults apply:
 * HIGH 5 / 15 / 60 minutes (accept / verify / resolve), NORMAL 15 / 60 / 240, LOW 30 / 120 / 1440.
 * The light turns yellow when {@value #YELLOW_SHARE_PERCENT} % of a limit has passed.
 */
public final class TimeLimits {

  /** Share of a limit after which the light is yellow, in percent. */
  public static final int YELLOW_SHARE_PERCENT = 75;

  private static final TimeLimit HIGH = new TimeLimit("*", "high", 5, 15, 60);
  private static final TimeLimit NORMAL = new TimeLimit("*", "normal", 15, 60, 240);
  private static final TimeLimit LOW = new TimeLimit("*", "low", 30, 120, 1440);

  private final List<TimeLimit> rules;

  public TimeLimits(List<TimeLimit> rules) {
    this.rules = rules == null ? List.of() : List.copyOf(rules);
  }

  /** The defaults alone. */
  public static TimeLimits defaults() {
    return new TimeLimits(List.of());
  }

  /** The limit for incidents of {@code scene} at {@code priority}. */
  public TimeLimit of(AlertScene scene, IncidentPriority priority) {
    String p = priority.name().toLowerCase(Locale.ROOT);
    for (TimeLimit rule : rules) {
      if ((rule.scene().equals("*") || rule.scene().equals(scene.wireName()))
          && (rule.priority().equals("*") || rule.priority().equals(p))) {
        return rule;
      }
    }
    return switch (priority) {
      case HIGH -> HIGH;
      case NORMAL -> NORMAL;
      case LOW -> LOW;
    };
  }

  /**
   * Priority of an incident opened by {@code alert}: HIGH when people may be hurt (throwing,
   * someone in a danger zone, high water), NORMAL otherwise; one step lower when the detector is
   * unsure (confidence below 0.5), e.g. a light falling object that may be a leaf.
   */
  public static IncidentPriority priorityOf(Alert alert) {
    IncidentPriority p = switch (alert.scene()) {
      case THROWING, RIVER_INTRUSION, WATER_LEVEL -> IncidentPriority.HIGH;
      default -> IncidentPriority.NORMAL;
    };
    if (alert.confidence() < 0.5) {
      p = p == IncidentPriority.HIGH ? IncidentPriority.NORMAL : IncidentPriority.LOW;
    }
    return p;
  }
}
