package io.gridwatch.alerts.auth;

import io.gridwatch.alerts.lifecycle.IncidentCommand;
import java.util.Locale;

/**
 * What a user of the API may do.
 *
 * <ul>
 *   <li>{@link #OPERATOR}: monitoring-center operator; reads every cell, gives every command</li>
 *   <li>{@link #WORKER}: grid worker; reads only the incidents of the cells they cover and gives
 *       only the worker's commands (accept, verify, handle, resolve) on them</li>
 *   <li>{@link #ENGINEER}: tunes scenes; reads every incident with its evidence, statistics and
 *       the live stream, gives no case command</li>
 *   <li>{@link #ADMIN}: everything</li>
 * </ul>
 */
public enum Role {
  OPERATOR,
  WORKER,
  ENGINEER,
  ADMIN;

  /** Whether this role may give {@code command} at all (cell scope is checked separately). */
  public boolean mayGive(Class<? extends IncidentCommand> command) {
    return switch (this) {
      case OPERATOR, ADMIN -> true;
      case WORKER -> command == IncidentCommand.Accept.class || command == IncidentCommand.Verify.class
          || command == IncidentCommand.Handle.class || command == IncidentCommand.Resolve.class;
      case ENGINEER -> false;
    };
  }

  /** Whether this role reads every cell (only workers are restricted to theirs). */
  public boolean seesAllCells() {
    return this != WORKER;
  }

  /** The wire name, lower case. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code operator}, {@code worker}, {@code engineer}, {@code admin}. */
  public static Role fromWireName(String s) {
    for (Role r : values()) {
      if (r.wireName().equals(s == null ? null : s.trim().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new IllegalArgumentException("'" + s + "' is not a role; expected operator, worker, engineer or admin");
  }
}
