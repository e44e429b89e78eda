package io.gridwatch.contracts.config;

import java.util.List;

/**
 * The facade a throwing camera watches.
 *
 * @param facade  corners: top-left, top-right, bottom-right, bottom-left
 * @param floors  floors between the facade's bottom and top edge (floor 1 at the bottom)
 * @param columns window columns between its left and right edge (column 1 at the left)
 */
public record ThrowingScene(List<Point> facade, Integer floors, Integer columns) implements java.io.Serializable {

  public ThrowingScene {
    ConfigViolation.required(facade, "facade");
    ConfigViolation.check(facade.size() == 4, "facade",
        "needs exactly 4 corners (top-left, top-right, bottom-right, bottom-left), got " + facade.size());
    facade = List.copyOf(facade);
    ConfigViolation.check(new Polygon(facade).area() >= 100, "facade", "corners enclose no area");
    ConfigViolation.check(facade.get(0).y() < facade.get(3).y() && facade.get(1).y() < facade.get(2).y(),
        "facade", "top corners must be above the bottom corners (order: top-left, top-right, bottom-right, bottom-left)");
    ConfigViolation.check(facade.get(0).x() < facade.get(1).x() && facade.get(3).x() < facade.get(2).x(),
        "facade", "left corners must be left of the right corners (order: top-left, top-right, bottom-right, bottom-left)");
    ConfigViolation.required(floors, "floors");
    ConfigViolation.required(columns, "columns");
    ConfigViolation.check(floors >= 1 && floors <= 200, "floors", "must be within 1..200, got " + floors);
    ConfigViolation.check(columns >= 1 && columns <= 100, "columns", "must be within 1..100, got " + columns);
  }
}
