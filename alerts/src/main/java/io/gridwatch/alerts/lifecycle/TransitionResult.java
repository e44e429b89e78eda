package io.gridwatch.alerts.lifecycle;

import io.gridwatch.contracts.incident.Incident;

/** What {@link IncidentLifecycle#transition} made of a command: the new incident, or a refusal. */
public sealed interface TransitionResult {

  /** The command applies: {@code incident} is the new version, {@code audit} its log line. */
  record Applied(Incident incident, AuditEntry audit) implements TransitionResult {}

  /** The command does not apply; {@code reason} says why, naming the incident and its status. */
  record Refused(String reason) implements TransitionResult {}
}
