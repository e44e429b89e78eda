package io.gridwatch.alerts.feedback;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridwatch.contracts.incident.Incident;
import io.gridwatch.contracts.incident.Verification;
import java.util.List;
import java.util.Map;

/**
 * What {@code gridwatch.feedback} carries for every on-site verdict: the alert that made the
 * incident (camera, scene, zone, the alerts' span, confidence and details), its evidence, and the
 * verdict, so that false alarms become training and tuning data for {@code models/}. Keyed by
 * incident id.
 *
 * @param schemaVersion {@value #SCHEMA_VERSION}
 * @param incidentId    incident
 * @param verdict       {@code confirmed} or {@code false-alarm}
 * @param note          what the worker saw
 * @param photos        API links of the photos they took
 * @param verifiedBy    worker (or user) who verified
 * @param verifiedMs    wall-clock time of the verdict
 * @param alert         the alert side: what the detector said
 * @param evidence      evidence paths or URLs as the detectors recorded them
 */
@JsonPropertyOrder({"schemaVersion", "incidentId", "verdict", "note", "photos", "verifiedBy", "verifiedMs",
    "alert", "evidence"})
public record FeedbackMessage(int schemaVersion, String incidentId, String verdict, String note, List<String> photos,
    String verifiedBy, long verifiedMs, AlertSide alert, List<String> evidence) {

  public static final int SCHEMA_VERSION = 1;

  /**
   * The detector's side of the case.
   *
   * @param alertIds     every alert merged into the incident, oldest first
   * @param details      details of the latest alert
   */
  @JsonPropertyOrder({"cameraId", "scene", "zone", "alertIds", "firstAlertMs", "lastAlertMs", "confidence", "details"})
  public record AlertSide(String cameraId, String scene, String zone, List<String> alertIds, long firstAlertMs,
      long lastAlertMs, double confidence, Map<String, Object> details) {}

  /** The message for a verified incident. */
  public static FeedbackMessage of(Incident i) {
    Verification v = i.verification();
    if (v == null) {
      throw new IllegalArgumentException("incident '" + i.incidentId() + "' has no verification to feed back");
    }
    return new FeedbackMessage(SCHEMA_VERSION, i.incidentId(), v.verdict(), v.note(), v.photos(), v.verifiedBy(),
        v.atMs(), new AlertSide(i.cameraId(), i.scene().wireName(), i.zone(), i.alertIds(), i.firstAlertMs(),
            i.lastAlertMs(), i.confidence(), i.details()), i.evidence());
  }
}
