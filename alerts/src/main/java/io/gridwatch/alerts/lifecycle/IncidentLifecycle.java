package io.gridwatch.alerts.lifecycle;

import static io.gridwatch.contracts.incident.IncidentStatus.ACCEPTED;
import static io.gridwatch.contracts.incident.IncidentStatus.CLOSED;
import static io.gridwatch.contracts.incident.IncidentStatus.DISPATCHED;
import static io.gridwatch.contracts.incident.IncidentStatus.ESCALATED;
import static io.gridwatch.contracts.incident.IncidentStatus.HANDLING;
import static io.gridwatch.contracts.incident.IncidentStatus.REPORTED;
import static io.gridwatch.contracts.incident.IncidentStatus.RESOLVED;
import static io.gridwatch.contracts.incident.IncidentStatus.VERIFIED_CONFIRMED;
import static io.gridwatch.contracts.incident.IncidentStatus.VERIFIED_FALSE_ALARM;

import io.gridwatch.alerts.lifecycle.IncidentCommand.Accept;
import io.gridwatch.alerts.lifecycle.IncidentCommand.Close;
import io.gridwatch.alerts.lifecycle.IncidentCommand.Dispatch;
import io.gridwatch.alerts.lifecycle.IncidentCommand.Escalate;
import io.gridwatch.alerts.lifecycle.IncidentCommand.Handle;
import io.gridwatch.alerts.lifecycle.IncidentCommand.Reassign;
import io.gridwatch.alerts.lifecycle.IncidentCommand.Resolve;
import io.gridwatch.alerts.lifecycle.IncidentCommand.Verify;
import io.gridwatch.contracts.config.TimeLimit;
import io.gridwatch.contracts.incident.Deadline;
import io.gridwatch.contracts.incident.EscalationLevel;
import io.gridwatch.contracts.incident.Incident;
import io.gridwatch.contracts.incident.IncidentStatus;
import io.gridwatch.contracts.incident.Verification;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The incident lifecycle as a pure function: {@link #transition(Incident, IncidentCommand)} gives
 * the next version of the incident and its audit line, or a refusal. No clock, no store, no I/O;
 * time comes in with the command.
 *
 * <pre>
 * REPORTED ─dispatch→ DISPATCHED ─accept→ ACCEPTED ─verify→ VERIFIED_CONFIRMED ─handle→ HANDLING ─resolve→ RESOLVED ─close→ CLOSED
 *                                                    └────→ VERIFIED_FALSE_ALARM ─close→ CLOSED
 * escalate: from any open, not-yet-verified-false stage → ESCALATED (community → street → district);
 *           from ESCALATED: escalate again, dispatch, or resolve
 * reassign: in REPORTED, DISPATCHED, VERIFIED_CONFIRMED, HANDLING, ESCALATED (status kept),
 *           and in ACCEPTED (back to DISPATCHED: the new assignee must accept)
 * </pre>
 *
 * <p>Time limits ({@link TimeLimits}) count from the report, or from the latest escalation once
 * escalated, so that whoever takes an escalated case gets the full limits again. The incident
 * carries the {@link Deadline} of its current stage.
 */
public final class IncidentLifecycle {

  private static final Set<IncidentStatus> ESCALATABLE =
      EnumSet.of(REPORTED, DISPATCHED, ACCEPTED, VERIFIED_CONFIRMED, HANDLING, ESCALATED);
  private static final Set<IncidentStatus> REASSIGNABLE =
      EnumSet.of(REPORTED, DISPATCHED, ACCEPTED, VERIFIED_CONFIRMED, HANDLING, ESCALATED);

  private final TimeLimits limits;

  public IncidentLifecycle(TimeLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * A freshly opened incident with its priority's first deadline, and the audit line of the
   * report.
   */
  public TransitionResult.Applied opened(Incident incident, io.gridwatch.contracts.incident.IncidentPriority priority) {
    Incident withPriority = incident.withPriority(priority, null);
    Incident ready = withPriority.withPriority(priority, deadlineOf(withPriority, REPORTED, null,
        withPriority.milestones(), withPriority.createdMs()));
    return new TransitionResult.Applied(ready, new AuditEntry(incident.incidentId(), 0, incident.createdMs(),
        IncidentCommand.SYSTEM, "report", null, REPORTED, incident.assignee(),
        "alert " + incident.alertIds().get(0) + " from camera " + incident.cameraId()));
  }

  /** Applies {@code command} to {@code incident}. */
  public TransitionResult transition(Incident incident, IncidentCommand command) {
    Objects.requireNonNull(incident, "incident");
    Objects.requireNonNull(command, "command");
    IncidentStatus from = incident.status();
    String assignee = incident.assignee();
    EscalationLevel level = incident.escalation();
    Verification verification = incident.verification();
    IncidentStatus to;
    if (command instanceof Dispatch d) {
      if (from != REPORTED && from != ESCALATED) {
        return refuse(incident, command, "only REPORTED or ESCALATED incidents are dispatched");
      }
      assignee = d.assignee() != null && !d.assignee().isBlank() ? d.assignee() : assignee;
      if (assignee == null) {
        return refuse(incident, command, "it has no assignee; name one");
      }
      to = DISPATCHED;
    } else if (command instanceof Accept) {
      if (from != DISPATCHED) {
        return refuse(incident, command, "only DISPATCHED incidents are accepted");
      }
      to = ACCEPTED;
    } else if (command instanceof Verify v) {
      if (from != ACCEPTED) {
        return refuse(incident, command, "only ACCEPTED incidents are verified (accept it first)");
      }
      to = v.confirmed() ? VERIFIED_CONFIRMED : VERIFIED_FALSE_ALARM;
      verification = new Verification(v.confirmed(), v.reason(), v.photos(), v.actor(), v.atMs());
    } else if (command instanceof Handle) {
      if (from != VERIFIED_CONFIRMED) {
        return refuse(incident, command, "only VERIFIED_CONFIRMED incidents are handled");
      }
      to = HANDLING;
    } else if (command instanceof Resolve) {
      if (from != HANDLING && from != ESCALATED) {
        return refuse(incident, command, "only HANDLING or ESCALATED incidents are resolved");
      }
      to = RESOLVED;
    } else if (command instanceof Close) {
      if (from != RESOLVED && from != VERIFIED_FALSE_ALARM) {
        return refuse(incident, command, "only RESOLVED or VERIFIED_FALSE_ALARM incidents are closed");
      }
      to = CLOSED;
    } else if (command instanceof Escalate) {
      if (!ESCALATABLE.contains(from)) {
        return refuse(incident, command, "a " + from + " incident is not escalated");
      }
      EscalationLevel next = level == null ? EscalationLevel.first() : level.next();
      if (next == null) {
        return refuse(incident, command, "it is at the district already, the top level");
      }
      level = next;
      to = ESCALATED;
    } else if (command instanceof Reassign r) {
      if (!REASSIGNABLE.contains(from)) {
        return refuse(incident, command, "a " + from + " incident is not reassigned");
      }
      if (r.assignee().equals(assignee)) {
        return refuse(incident, command, "it is assigned to '" + assignee + "' already");
      }
      assignee = r.assignee();
      // Accepting was the old assignee's promise; the new one must accept for themselves.
      to = from == ACCEPTED ? DISPATCHED : from;
    } else {
      throw new IllegalArgumentException("unknown command " + command);
    }
    long at = command.atMs();
    boolean statusChanged = to != from || command instanceof Escalate;
    Map<String, Long> milestones = new LinkedHashMap<>(incident.milestones());
    if (command instanceof Escalate) {
      milestones.put(ESCALATED.name(), at); // the latest escalation restarts the clock
    } else {
      milestones.putIfAbsent(to.name(), at);
    }
    long since = statusChanged ? at : incident.statusSinceMs();
    Incident next = incident.withCase(to, assignee, level, since, null, milestones, verification, at);
    next = next.withCase(to, assignee, level, since, deadlineOf(next, to, level, milestones, since),
        milestones, verification, at);
    return new TransitionResult.Applied(next, new AuditEntry(incident.incidentId(), 0, at, command.actor(),
        command.action(), from, to, assignee, auditReason(command, level)));
  }

  /** The deadline of {@code status}'s stage, or null when nobody is waited on. */
  private Deadline deadlineOf(Incident incident, IncidentStatus status, EscalationLevel level,
      Map<String, Long> milestones, long statusSinceMs) {
    TimeLimit limit = limits.of(incident.scene(), incident.priority());
    Long escalatedAt = milestones.get(ESCALATED.name());
    long clock = escalatedAt != null ? escalatedAt : incident.createdMs();
    String stage;
    int minutes;
    switch (status) {
      case REPORTED, DISPATCHED -> {
        stage = "accept";
        minutes = limit.acceptMinutes();
      }
      case ACCEPTED -> {
        stage = "verify";
        minutes = limit.verifyMinutes();
      }
      case VERIFIED_CONFIRMED, HANDLING -> {
        stage = "resolve";
        minutes = limit.resolveMinutes();
      }
      case ESCALATED -> {
        stage = "act";
        minutes = limit.acceptMinutes();
        clock = statusSinceMs;
      }
      default -> {
        return null;
      }
    }
    long span = minutes * 60_000L;
    // Equipment cases go to the maintainer, not up the grid's chain of command.
    boolean escalates = !incident.scene().isEquipment() && level != EscalationLevel.DISTRICT;
    return new Deadline(stage, clock + span * TimeLimits.YELLOW_SHARE_PERCENT / 100, clock + span, escalates);
  }

  private static String auditReason(IncidentCommand command, EscalationLevel level) {
    String reason = command.reason();
    String suffix = reason.isEmpty() ? "" : ": " + reason;
    if (command instanceof Escalate) {
      return "to " + level.name().toLowerCase(java.util.Locale.ROOT) + suffix;
    }
    if (command instanceof Verify v) {
      return (v.confirmed() ? "confirmed" : "false alarm") + suffix;
    }
    return reason;
  }

  private static TransitionResult refuse(Incident incident, IncidentCommand command, String why) {
    return new TransitionResult.Refused("cannot " + command.action() + " incident '" + incident.incidentId()
        + "' in status " + incident.status() + ": " + why);
  }
}
