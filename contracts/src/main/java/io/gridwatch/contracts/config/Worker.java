package io.gridwatch.contracts.config;

import java.util.List;

/**
 * A grid worker (网格员) and the cells they cover.
 *
 * @param id    unique id
 * @param name  name shown on the console
 * @param phone contact number, optional
 * @param cells  ids of the grid cells the worker covers
 * @param shifts when the worker is on duty; always, when not given
 */
public record Worker(String id, String name, String phone, List<String> cells, List<Shift> shifts)
    implements java.io.Serializable {

  public Worker {
    ConfigViolation.required(id, "id");
    ConfigViolation.required(name, "name");
    ConfigViolation.required(cells, "cells");
    ConfigViolation.check(!cells.isEmpty(), "cells", "must list at least one grid cell");
    cells = List.copyOf(cells);
    shifts = shifts == null ? List.of() : List.copyOf(shifts);
  }

  /** A worker always on duty. */
  public Worker(String id, String name, String phone, List<String> cells) {
    this(id, name, phone, cells, null);
  }

  /** Whether the worker is on duty at {@code time} (site-local). */
  public boolean onDutyAt(java.time.LocalDateTime time) {
    return shifts.isEmpty()
        || shifts.stream().anyMatch(s -> s.covers(time.getDayOfWeek(), time.toLocalTime()));
  }
}
