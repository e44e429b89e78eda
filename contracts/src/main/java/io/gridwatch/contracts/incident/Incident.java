package io.gridwatch.contracts.incident;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A grid incident (网格事件): one case for people to act on, made from one or more alerts of the
 * same camera, scene and zone.
 *
 * @param incidentId   stable id, derived from the first alert
 * @param status       lifecycle state
 * @param cameraId     camera whose alerts formed it
 * @param gridCellId   grid cell the camera watches (routing key), or null when unknown
 * @param scene        alert kind
 * @param zone         zone within the scene, or null
 * @param assignee     worker or maintainer the case is routed to, or null when nobody is
 * @param alertIds     ids of the alerts merged into it, oldest first
 * @param firstAlertMs start of the first alert
 * @param lastAlertMs  end of the latest alert
 * @param confidence   highest confidence among its alerts
 * @param details      details of the latest alert
 * @param evidence     evidence of all its alerts
 * @param createdMs    wall-clock time the incident was created
 * @param updatedMs    wall-clock time of the last change
 */
@JsonIgnoreProperties(value = "alertCount", allowGetters = true)
@JsonPropertyOrder({"incidentId", "status", "cameraId", "gridCellId", "scene", "zone", "assignee",
    "alertCount", "alertIds", "firstAlertMs", "lastAlertMs", "confidence", "details", "evidence",
    "createdMs", "updatedMs"})
public record Incident(
    String incidentId,
    IncidentStatus status,
    String cameraId,
    String gridCellId,
    AlertScene scene,
    String zone,
    String assignee,
    List<String> alertIds,
    long firstAlertMs,
    long lastAlertMs,
    double confidence,
    Map<String, Object> details,
    List<String> evidence,
    long createdMs,
    long updatedMs) {

  public Incident {
    Objects.requireNonNull(incidentId, "incidentId is required but not provided");
    Objects.requireNonNull(status, "status is required but not provided");
    Objects.requireNonNull(scene, "scene is required but not provided");
    alertIds = List.copyOf(alertIds);
    // Insertion order kept, so the same alert always prints the same JSON.
    details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
  }

  /** Number of alerts merged into this incident. */
  @JsonProperty("alertCount")
  public int alertCount() {
    return alertIds.size();
  }

  /** A new incident opened by its first alert. */
  public static Incident openedBy(Alert alert, String gridCellId, String assignee, long nowMs) {
    return new Incident("inc-" + alert.alertId().substring(3), IncidentStatus.REPORTED,
        alert.cameraId(), gridCellId, alert.scene(), alert.zone(), assignee,
        List.of(alert.alertId()), alert.startMs(), alert.endMs(), alert.confidence(),
        alert.details(), alert.evidence(), nowMs, nowMs);
  }

  /** This incident with one more alert merged in; an alert already merged changes nothing. */
  public Incident merge(Alert alert, long nowMs) {
    if (alertIds.contains(alert.alertId())) {
      return this;
    }
    List<String> ids = new ArrayList<>(alertIds);
    ids.add(alert.alertId());
    List<String> allEvidence = new ArrayList<>(evidence);
    allEvidence.addAll(alert.evidence());
    return new Incident(incidentId, status, cameraId, gridCellId, scene, zone, assignee, ids,
        Math.min(firstAlertMs, alert.startMs()), Math.max(lastAlertMs, alert.endMs()),
        Math.max(confidence, alert.confidence()), alert.details(), allEvidence, createdMs, nowMs);
  }
}
