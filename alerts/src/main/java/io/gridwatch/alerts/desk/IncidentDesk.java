package io.gridwatch.alerts.desk;

import io.gridwatch.alerts.lifecycle.AuditEntry;
import io.gridwatch.alerts.lifecycle.IncidentCommand;
import io.gridwatch.alerts.lifecycle.IncidentLifecycle;
import io.gridwatch.alerts.lifecycle.TransitionResult;
import io.gridwatch.alerts.store.IncidentStore;
import io.gridwatch.contracts.incident.Incident;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies commands to stored incidents: reads the incident, asks the {@link IncidentLifecycle},
 * stores the new version with its audit line, all under the store's write lock so that an alert
 * merged at the same moment is not lost. Who may give which command is the API's business.
 */
public final class IncidentDesk {

  private final IncidentStore store;
  private final IncidentLifecycle lifecycle;

  public IncidentDesk(IncidentStore store, IncidentLifecycle lifecycle) {
    this.store = Objects.requireNonNull(store, "store");
    this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
  }

  /**
   * Applies {@code command} to incident {@code incidentId}.
   *
   * @return the incident as stored after the command
   * @throws IncidentNotFoundException when no such incident is stored
   * @throws CommandRefusedException   when the lifecycle refuses the command
   */
  public Incident apply(String incidentId, IncidentCommand command) {
    return store.atomically(() -> {
      Incident current = store.get(incidentId).orElseThrow(() -> new IncidentNotFoundException(incidentId));
      TransitionResult result = lifecycle.transition(current, command);
      if (result instanceof TransitionResult.Refused refused) {
        throw new CommandRefusedException(refused.reason());
      }
      TransitionResult.Applied applied = (TransitionResult.Applied) result;
      // Every verdict goes to the engineers (gridwatch.feedback), queued with the change itself.
      byte[] feedback = command instanceof IncidentCommand.Verify ? feedbackOf(applied.incident()) : null;
      store.put(applied.incident(), List.of(), applied.audit(), feedback);
      // A command is answered only once it is on disk.
      store.sync();
      return applied.incident();
    });
  }

  /**
   * Escalates the incident if its escalating deadline has passed at {@code nowMs}; does nothing
   * when it has been acted on meanwhile (the scheduler's list of due incidents may be stale).
   *
   * @return the escalated incident, or empty when nothing was due
   */
  public Optional<Incident> escalateIfDue(String incidentId, long nowMs) {
    return store.atomically(() -> {
      Optional<Incident> found = store.get(incidentId);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      Incident current = found.get();
      var deadline = current.deadline();
      if (deadline == null || !deadline.escalates() || deadline.dueMs() > nowMs) {
        return Optional.empty();
      }
      String why = "red limit passed: " + deadline.stage() + " was due at "
          + java.time.Instant.ofEpochMilli(deadline.dueMs());
      return Optional.of(apply(incidentId, new IncidentCommand.Escalate(IncidentCommand.SYSTEM, nowMs, why)));
    });
  }

  private static byte[] feedbackOf(Incident verified) {
    try {
      return FEEDBACK_JSON.writeValueAsBytes(io.gridwatch.alerts.feedback.FeedbackMessage.of(verified));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("feedback of incident '" + verified.incidentId() + "' cannot be written", e);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper FEEDBACK_JSON =
      io.gridwatch.alerts.store.IncidentJson.newMapper();

  /** The incident's audit log, oldest first. */
  public List<AuditEntry> audit(String incidentId) {
    return store.audit(incidentId);
  }

  public IncidentLifecycle lifecycle() {
    return lifecycle;
  }
}
