package io.gridwatch.contracts.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The site file: a district's grid cells, cameras and grid workers. See docs/configuration.md.
 *
 * @param name      name of the site (district), shown on the console
 * @param gridCells grid cells
 * @param cameras   cameras, each with its scene file
 * @param workers   grid workers and the cells they cover
 * @param timeZone   zone the workers' shifts are written in (IANA id); the machine's zone when
 *                   not given
 * @param timeLimits time limits per scene and priority; the service's defaults when not given
 */
public record SiteConfig(String name, List<GridCell> gridCells, List<CameraConfig> cameras, List<Worker> workers,
    String timeZone, List<TimeLimit> timeLimits) implements java.io.Serializable {

  public SiteConfig {
    ConfigViolation.required(name, "name");
    ConfigViolation.required(gridCells, "gridCells");
    ConfigViolation.check(!gridCells.isEmpty(), "gridCells", "needs at least one grid cell");
    gridCells = List.copyOf(gridCells);
    cameras = cameras == null ? List.of() : List.copyOf(cameras);
    workers = workers == null ? List.of() : List.copyOf(workers);
    timeLimits = timeLimits == null ? List.of() : List.copyOf(timeLimits);
    if (timeZone != null) {
      try {
        java.time.ZoneId.of(timeZone);
      } catch (java.time.DateTimeException e) {
        throw new ConfigViolation("timeZone", "'" + timeZone + "' is not a time zone id, e.g. Asia/Shanghai");
      }
    }

    Set<String> cellIds = new HashSet<>();
    for (int i = 0; i < gridCells.size(); i++) {
      ConfigViolation.check(cellIds.add(gridCells.get(i).id()), "gridCells[" + i + "].id",
          "grid cell id '" + gridCells.get(i).id() + "' is used twice");
    }
    Set<String> cameraIds = new HashSet<>();
    for (int i = 0; i < cameras.size(); i++) {
      CameraConfig c = cameras.get(i);
      ConfigViolation.check(cameraIds.add(c.id()), "cameras[" + i + "].id", "camera id '" + c.id() + "' is used twice");
      ConfigViolation.check(cellIds.contains(c.gridCell()), "cameras[" + i + "].gridCell",
          "unknown grid cell '" + c.gridCell() + "'");
    }
    Set<String> workerIds = new HashSet<>();
    for (int i = 0; i < workers.size(); i++) {
      Worker w = workers.get(i);
      ConfigViolation.check(workerIds.add(w.id()), "workers[" + i + "].id", "worker id '" + w.id() + "' is used twice");
      for (int j = 0; j < w.cells().size(); j++) {
        ConfigViolation.check(cellIds.contains(w.cells().get(j)), "workers[" + i + "].cells[" + j + "]",
            "unknown grid cell '" + w.cells().get(j) + "'");
      }
    }
  }

  /** A site without shifts' time zone and time limits. */
  public SiteConfig(String name, List<GridCell> gridCells, List<CameraConfig> cameras, List<Worker> workers) {
    this(name, gridCells, cameras, workers, null, null);
  }

  /** The zone shifts are read in. */
  public java.time.ZoneId zone() {
    return timeZone == null ? java.time.ZoneId.systemDefault() : java.time.ZoneId.of(timeZone);
  }

  public GridCell cell(String id) {
    return gridCells.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
  }

  public CameraConfig camera(String id) {
    return cameras.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
  }
}
