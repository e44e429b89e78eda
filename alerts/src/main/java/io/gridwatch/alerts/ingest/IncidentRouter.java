package io.gridwatch.alerts.ingest;

import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.config.CameraConfig;
import io.gridwatch.contracts.config.GridCell;
import io.gridwatch.contracts.config.Site;
import io.gridwatch.contracts.config.Worker;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides the grid cell and the assignee of a new incident from the site file.
 *
 * <ul>
 *   <li>grid cell: the {@code gridCell} of the alert's camera; null without a site or for a
 *       camera the site does not list</li>
 *   <li>assignee of an equipment alert ({@code camera-offline}, {@code camera-tamper}):
 *       {@value #MAINTAINER}, since a grid worker cannot fix a camera</li>
 *   <li>otherwise: the first worker (in site file order) who covers the cell and is on duty when
 *       the incident opens (their {@code shifts}, read in the site's {@code timeZone}; a worker
 *       without shifts is always on duty), else the cell's community supervisor, else null</li>
 * </ul>
 */
public final class IncidentRouter {

  /** Assignee of equipment incidents. */
  public static final String MAINTAINER = "maintainer";

  private final Map<String, String> cellOfCamera = new HashMap<>();
  private final Map<String, List<Worker>> workersOfCell = new HashMap<>();
  private final Map<String, String> supervisorOfCell = new HashMap<>();
  private final ZoneId zone;

  /** @param site the loaded site, or null when none is configured (nothing is routed) */
  public IncidentRouter(Site site) {
    if (site == null) {
      zone = ZoneId.systemDefault();
      return;
    }
    zone = site.config().zone();
    for (CameraConfig camera : site.config().cameras()) {
      cellOfCamera.put(camera.id(), camera.gridCell());
    }
    for (Worker worker : site.config().workers()) {
      for (String cell : worker.cells()) {
        workersOfCell.computeIfAbsent(cell, c -> new ArrayList<>()).add(worker);
      }
    }
    for (GridCell cell : site.config().gridCells()) {
      if (cell.supervisor() != null && !cell.supervisor().isBlank()) {
        supervisorOfCell.put(cell.id(), cell.supervisor());
      }
    }
  }

  /** A router without a site: no grid cell and no assignee except {@value #MAINTAINER}. */
  public static IncidentRouter withoutSite() {
    return new IncidentRouter(null);
  }

  /** Grid cell and assignee for an incident opened by {@code alert} at {@code nowMs} (wall clock). */
  public Route route(Alert alert, long nowMs) {
    String cell = cellOfCamera.get(alert.cameraId());
    if (alert.scene().isEquipment()) {
      return new Route(cell, MAINTAINER);
    }
    return new Route(cell, cell == null ? null : onDuty(cell, nowMs));
  }

  /** The worker on duty in {@code cell} at {@code nowMs}, else its supervisor, else null. */
  public String onDuty(String cell, long nowMs) {
    LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(nowMs), zone);
    for (Worker worker : workersOfCell.getOrDefault(cell, List.of())) {
      if (worker.onDutyAt(local)) {
        return worker.id();
      }
    }
    return supervisorOfCell.get(cell);
  }
}
