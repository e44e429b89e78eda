package io.gridwatch.alerts.lifecycle;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridwatch.contracts.incident.IncidentStatus;

/**
 * One line of an incident's audit log: who did what, when and why. Entries are only ever
 * appended; {@code seq} numbers them from 1 per incident (set by the store).
 *
 * @param incidentId incident
 * @param seq        position in the incident's log, 1-based; 0 before it is stored
 * @param atMs       wall-clock time
 * @param actor      user name, or {@code system}
 * @param action     {@code report}, or a command's wire name
 * @param from       status before, null for {@code report}
 * @param to         status after
 * @param assignee   assignee after
 * @param reason     why, or the note given
 */
@JsonPropertyOrder({"incidentId", "seq", "atMs", "actor", "action", "from", "to", "assignee", "reason"})
public record AuditEntry(String incidentId, long seq, long atMs, String actor, String action,
    IncidentStatus from, IncidentStatus to, String assignee, String reason) {

  public AuditEntry withSeq(long n) {
    return new AuditEntry(incidentId, n, atMs, actor, action, from, to, assignee, reason);
  }
}
