package io.gridwatch.alerts.ingest;

import io.gridwatch.contracts.incident.Incident;

/**
 * What one alert did.
 *
 * @param action   opened a new incident, merged into one, or nothing (already ingested)
 * @param alertId  the alert
 * @param incident the incident the alert belongs to, as stored after this alert
 */
public record IngestOutcome(Action action, String alertId, Incident incident) {

  public enum Action {
    /** The alert opened a new incident. */
    OPENED,
    /** The alert joined an open incident of its camera, scene and zone. */
    MERGED,
    /** The alert was ingested before; nothing changed. */
    DUPLICATE
  }
}
