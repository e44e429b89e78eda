package io.gridwatch.alerts.store;

import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.incident.Incident;
import io.gridwatch.contracts.incident.IncidentStatus;
import java.util.Set;

/**
 * Which incidents a listing returns. Every criterion is optional (null matches anything); given
 * criteria must all match.
 *
 * @param status     lifecycle state
 * @param cameraId   camera whose alerts formed the incident
 * @param gridCellId grid cell the incident is routed to
 * @param scene      alert kind
 * @param assignee   worker, supervisor or maintainer the incident is assigned to
 * @param cells      the grid cells the reader may see (a grid worker's cells), or null for all
 */
public record IncidentFilter(IncidentStatus status, String cameraId, String gridCellId, AlertScene scene,
    String assignee, Set<String> cells) {

  /** Matches every incident. */
  public static final IncidentFilter ALL = new IncidentFilter(null, null, null, null, null, null);

  public IncidentFilter {
    cells = cells == null ? null : Set.copyOf(cells);
  }

  public IncidentFilter(IncidentStatus status, String cameraId, String gridCellId, AlertScene scene) {
    this(status, cameraId, gridCellId, scene, null, null);
  }

  /** Whether no criterion is given, so that a listing need not read the incidents. */
  public boolean isAll() {
    return criteria() == 0;
  }

  /** Number of criteria given. */
  int criteria() {
    int n = 0;
    for (Object o : new Object[] {status, cameraId, gridCellId, scene, assignee, cells}) {
      n += o == null ? 0 : 1;
    }
    return n;
  }

  public boolean matches(Incident incident) {
    return (status == null || status == incident.status())
        && (cameraId == null || cameraId.equals(incident.cameraId()))
        && (gridCellId == null || gridCellId.equals(incident.gridCellId()))
        && (scene == null || scene == incident.scene())
        && (assignee == null || assignee.equals(incident.assignee()))
        && (cells == null || (incident.gridCellId() != null && cells.contains(incident.gridCellId())));
  }

  public IncidentFilter withStatus(IncidentStatus s) {
    return new IncidentFilter(s, cameraId, gridCellId, scene, assignee, cells);
  }

  public IncidentFilter withCameraId(String id) {
    return new IncidentFilter(status, id, gridCellId, scene, assignee, cells);
  }

  public IncidentFilter withGridCellId(String id) {
    return new IncidentFilter(status, cameraId, id, scene, assignee, cells);
  }

  public IncidentFilter withScene(AlertScene s) {
    return new IncidentFilter(status, cameraId, gridCellId, s, assignee, cells);
  }

  public IncidentFilter withAssignee(String a) {
    return new IncidentFilter(status, cameraId, gridCellId, scene, a, cells);
  }

  /** Restricted to {@code allowed} cells (intersected with any restriction already given). */
  public IncidentFilter withinCells(Set<String> allowed) {
    if (allowed == null) {
      return this;
    }
    Set<String> s = cells == null ? allowed
        : cells.stream().filter(allowed::contains).collect(java.util.stream.Collectors.toSet());
    return new IncidentFilter(status, cameraId, gridCellId, scene, assignee, s);
  }
}
