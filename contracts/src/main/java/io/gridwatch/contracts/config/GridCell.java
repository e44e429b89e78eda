package io.gridwatch.contracts.config;

/**
 * A grid cell (网格): the unit a grid worker is responsible for.
 *
 * @param id         unique id, e.g. {@code g-03-12}
 * @param name       human name shown on the console
 * @param area       parent area (community or street) the cell belongs to
 * @param supervisor community supervisor who takes the cell's incidents when no worker is on duty
 */
public record GridCell(String id, String name, String area, String supervisor) implements java.io.Serializable {

  public GridCell {
    ConfigViolation.required(id, "id");
    ConfigViolation.required(name, "name");
    ConfigViolation.required(area, "area");
  }
}
