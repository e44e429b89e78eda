package io.gridwatch.alerts.desk;

/** A command or read names an incident the store does not hold. */
public class IncidentNotFoundException extends RuntimeException {

  public IncidentNotFoundException(String incidentId) {
    super("incident '" + incidentId + "' not found");
  }
}
