package io.gridwatch.alerts.store;

import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.incident.Incident;
import io.gridwatch.contracts.incident.IncidentStatus;

/**
 * Which incidents a listing returns. Every criterion is optional (null matches anything); given
 * criteria must all match.
 *
 * @param status     lifecycle state
 * @param cameraId   camera whose alerts formed the incident
 * @param gridCellId grid cell the incident is routed to
 * @param scene      alert kind
 */
public record IncidentFilter(IncidentStatus status, String cameraId, String gridCellId, AlertScene scene) {

  /** Matches every incident. */
  public static final IncidentFilter ALL = new IncidentFilter(null, null, null, null);

  /** Whether no criterion is given, so that a listing need not read the incidents. */
  public boolean isAll() {
    return status == null && cameraId == null && gridCellId == null && scene == null;
  }

  public boolean matches(Incident incident) {
    return (status == null || status == incident.status())
        && (cameraId == null || cameraId.equals(incident.cameraId()))
        && (gridCellId == null || gridCellId.equals(incident.gridCellId()))
        && (scene == null || scene == incident.scene());
  }

  public IncidentFilter withStatus(IncidentStatus s) {
    return new IncidentFilter(s, cameraId, gridCellId, scene);
  }

  public IncidentFilter withCameraId(String id) {
    return new IncidentFilter(status, id, gridCellId, scene);
  }

  public IncidentFilter withGridCellId(String id) {
    return new IncidentFilter(status, cameraId, id, scene);
  }

  public IncidentFilter withScene(AlertScene s) {
    return new IncidentFilter(status, cameraId, gridCellId, s);
  }
}
