package io.gridwatch.alerts.store;

import io.gridwatch.alerts.lifecycle.AuditEntry;
import io.gridwatch.contracts.incident.Incident;

/**
 * One stored change of an incident, as told to the store's listeners (the live stream).
 *
 * @param incident the incident as stored
 * @param audit    the audit line written with it, or null (an alert merged in)
 */
public record IncidentChange(Incident incident, AuditEntry audit) {}
