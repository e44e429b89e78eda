package io.gridwatch.alerts.ingest;

import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.config.CameraConfig;
import io.gridwatch.contracts.config.GridCell;
import io.gridwatch.contracts.config.Site;
import io.gridwatch.contracts.config.Worker;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides the grid cell and the assignee of a new incident from the site file.
 *
 * <ul>
 *   <li>grid cell: the {@code gridCell} of the alert's camera; null without a site or for a
 *       camera the site does not list</li>
 *   <li>assignee of an equipment alert ({@code camera-offline}, {@code camera-tamper}):
 *       {@value #MAINTAINER}, since a grid worker cannot fix a camera</li>
 *   <li>otherwise: the first worker (in site file order) who covers the cell, else the cell's
 *       supervisor, else null</li>
 * </ul>
 */
public final class IncidentRouter {

  /** Assignee of equipment incidents. */
  public static final String MAINTAINER = "maintainer";

  private final Map<String, String> cellOfCamera = new HashMap<>();
  private final Map<String, String> assigneeOfCell = new HashMap<>();

  /** @param site the loaded site, or null when none is configured (nothing is routed) */
  public IncidentRouter(Site site) {
    if (site == null) {
      return;
    }
    for (CameraConfig camera : site.config().cameras()) {
      cellOfCamera.put(camera.id(), camera.gridCell());
    }
    // Workers first, in file order, so that the first worker covering a cell wins.
    for (Worker worker : site.config().workers()) {
      for (String cell : worker.cells()) {
        assigneeOfCell.putIfAbsent(cell, worker.id());
      }
    }
    for (GridCell cell : site.config().gridCells()) {
      if (cell.supervisor() != null && !cell.supervisor().isBlank()) {
        assigneeOfCell.putIfAbsent(cell.id(), cell.supervisor());
      }
    }
  }

  /** A router without a site: no grid cell and no assignee except {@value #MAINTAINER}. */
  public static IncidentRouter withoutSite() {
    return new IncidentRouter(null);
  }

  /** Grid cell and assignee for an incident opened by {@code alert}. */
  public Route route(Alert alert) {
    String cell = cellOfCamera.get(alert.cameraId());
    String assignee = alert.scene().isEquipment() ? MAINTAINER : cell == null ? null : assigneeOfCell.get(cell);
    return new Route(cell, assignee);
  }
}
