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
 * @param priority     urgency, sets the time limits (NORMAL when not given)
 * @param escalation   level the incident was escalated to, or null when never escalated
 * @param statusSinceMs wall-clock time the incident entered its current status
 * @param deadline     time limit of the current stage, or null when nobody is waited on
 * @param milestones   first time (wall clock) each status was reached, by status name; the
 *                     statistics (time to verify, on-time closure) are computed from it
 * @param verification the on-site verdict, or null before verification
 */
@JsonIgnoreProperties(value = "alertCount", allowGetters = true)
@JsonPropertyOrder({"incidentId", "status", "cameraId", "gridCellId", "scene", "zone", "assignee",
    "alertCount", "alertIds", "firstAlertMs", "lastAlertMs", "confidence", "details", "evidence",
    "createdMs", "updatedMs", "priority", "escalation", "statusSinceMs", "deadline", "milestones",
    "verification"})
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
    long updatedMs,
    IncidentPriority priority,
    EscalationLevel escalation,
    long statusSinceMs,
    Deadline deadline,
    Map<String, Long> milestones,
    Verification verification) {

  public Incident {
    Objects.requireNonNull(incidentId, "incidentId is required but not provided");
    Objects.requireNonNull(status, "status is required but not provided");
    Objects.requireNonNull(scene, "scene is required but not provided");
    alertIds = List.copyOf(alertIds);
    // Insertion order kept, so the same alert always prints the same JSON.
    details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    priority = priority == null ? IncidentPriority.NORMAL : priority;
    // Records written before the lifecycle existed have neither: they entered their status when
    // they were created.
    statusSinceMs = statusSinceMs == 0 ? createdMs : statusSinceMs;
    milestones = milestones == null || milestones.isEmpty()
        ? Map.of(status.name(), createdMs)
        : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(milestones));
  }

  /** An incident as first stored, before it had a lifecycle: NORMAL priority, no deadline. */
  public Incident(String incidentId, IncidentStatus status, String cameraId, String gridCellId,
      AlertScene scene, String zone, String assignee, List<String> alertIds, long firstAlertMs,
      long lastAlertMs, double confidence, Map<String, Object> details, List<String> evidence,
      long createdMs, long updatedMs) {
    this(incidentId, status, cameraId, gridCellId, scene, zone, assignee, alertIds, firstAlertMs,
        lastAlertMs, confidence, details, evidence, createdMs, updatedMs, null, null, 0, null, null, null);
  }

  /** The three-light status at {@code nowMs}. */
  public Light lightAt(long nowMs) {
    return deadline == null ? Light.NONE : deadline.lightAt(nowMs);
  }

  /** When the incident first reached {@code s}, if it did. */
  public java.util.OptionalLong reached(IncidentStatus s) {
    Long ms = milestones.get(s.name());
    return ms == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(ms);
  }

  /** A copy with the case fields replaced; the alert fields stay. */
  public Incident withCase(IncidentStatus newStatus, String newAssignee, EscalationLevel newEscalation,
      long newStatusSinceMs, Deadline newDeadline, Map<String, Long> newMilestones,
      Verification newVerification, long nowMs) {
    return new Incident(incidentId, newStatus, cameraId, gridCellId, scene, zone, newAssignee, alertIds,
        firstAlertMs, lastAlertMs, confidence, details, evidence, createdMs, nowMs, priority, newEscalation,
        newStatusSinceMs, newDeadline, newMilestones, newVerification);
  }

  /** A copy with another priority and deadline (set when the incident is opened). */
  public Incident withPriority(IncidentPriority newPriority, Deadline newDeadline) {
    return new Incident(incidentId, status, cameraId, gridCellId, scene, zone, assignee, alertIds,
        firstAlertMs, lastAlertMs, confidence, details, evidence, createdMs, updatedMs, newPriority, escalation,
        statusSinceMs, newDeadline, milestones, verification);
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
        Math.max(confidence, alert.confidence()), alert.details(), allEvidence, createdMs, nowMs,
        priority, escalation, statusSinceMs, deadline, milestones, verification);
  }
}
