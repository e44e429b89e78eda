package io.gridwatch.contracts.incident;

import java.util.Objects;

/**
 * The time limit the incident's current stage runs against, stored with the incident so that
 * lights and escalations do not depend on a timer living in memory.
 *
 * @param stage     what must happen by {@code dueMs}: {@code accept}, {@code verify},
 *                  {@code resolve} or {@code act} (an escalated incident must be taken up)
 * @param yellowMs  from this time the light is yellow
 * @param dueMs     from this time the light is red
 * @param escalates whether passing {@code dueMs} escalates the incident (false once it is at the
 *                  district, the top level)
 */
public record Deadline(String stage, long yellowMs, long dueMs, boolean escalates) {

  public Deadline {
    Objects.requireNonNull(stage, "stage is required but not provided");
    if (yellowMs > dueMs) {
      throw new IllegalArgumentException("deadline of stage '" + stage + "': yellowMs " + yellowMs
          + " is after dueMs " + dueMs);
    }
  }

  /** The light at {@code nowMs}. */
  public Light lightAt(long nowMs) {
    return nowMs >= dueMs ? Light.RED : nowMs >= yellowMs ? Light.YELLOW : Light.GREEN;
  }
}
