package io.gridwatch.contracts.config;

import java.util.List;

/**
 * A grid worker (网格员) and the cells they cover.
 *
 * @param id    unique id
 * @param name  name shown on the console
 * @param phone contact number, optional
 * @param cells ids of the grid cells the worker covers
 */
public record Worker(String id, String name, String phone, List<String> cells) implements java.io.Serializable {

  public Worker {
    ConfigViolation.required(id, "id");
    ConfigViolation.required(name, "name");
    ConfigViolation.required(cells, "cells");
    ConfigViolation.check(!cells.isEmpty(), "cells", "must list at least one grid cell");
    cells = List.copyOf(cells);
  }
}
