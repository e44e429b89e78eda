package io.gridwatch.alerts.lifecycle;

import java.util.List;
import java.util.Objects;

/**
 * Something a person (or the escalation timer) asks of an incident. Every command says who asks
 * ({@code actor}, a user name or {@value #SYSTEM}), when ({@code atMs}, wall clock) and why; all
 * three go into the audit log.
 */
public sealed interface IncidentCommand {

  /** Actor of the commands the service gives itself (escalation when a red limit passes). */
  String SYSTEM = "system";

  String actor();

  long atMs();

  /** The command's wire name, as in the API path and the audit log. */
  String action();

  /** Why, or the note that goes with it; may be empty. */
  String reason();

  /** Send to a worker (the current assignee when {@code assignee} is null). */
  record Dispatch(String actor, long atMs, String assignee, String reason) implements IncidentCommand {
    public Dispatch { actor = requireActor(actor); reason = orEmpty(reason); }
    @Override public String action() { return "dispatch"; }
  }

  /** The assignee takes the case. */
  record Accept(String actor, long atMs, String reason) implements IncidentCommand {
    public Accept { actor = requireActor(actor); reason = orEmpty(reason); }
    @Override public String action() { return "accept"; }
  }

  /** The on-site verdict, with a note and photo links. */
  record Verify(String actor, long atMs, boolean confirmed, String reason, List<String> photos)
      implements IncidentCommand {
    public Verify {
      actor = requireActor(actor);
      reason = orEmpty(reason);
      photos = photos == null ? List.of() : List.copyOf(photos);
    }
    @Override public String action() { return "verify"; }
  }

  /** Work on a confirmed incident starts. */
  record Handle(String actor, long atMs, String reason) implements IncidentCommand {
    public Handle { actor = requireActor(actor); reason = orEmpty(reason); }
    @Override public String action() { return "handle"; }
  }

  /** The problem is gone. */
  record Resolve(String actor, long atMs, String reason) implements IncidentCommand {
    public Resolve { actor = requireActor(actor); reason = orEmpty(reason); }
    @Override public String action() { return "resolve"; }
  }

  /** The case is closed (after resolution or a false alarm). */
  record Close(String actor, long atMs, String reason) implements IncidentCommand {
    public Close { actor = requireActor(actor); reason = orEmpty(reason); }
    @Override public String action() { return "close"; }
  }

  /** Up one level: community, then street, then district department. */
  record Escalate(String actor, long atMs, String reason) implements IncidentCommand {
    public Escalate { actor = requireActor(actor); reason = orEmpty(reason); }
    @Override public String action() { return "escalate"; }
  }

  /** Another person takes the case; whoever held it is relieved. */
  record Reassign(String actor, long atMs, String assignee, String reason) implements IncidentCommand {
    public Reassign {
      actor = requireActor(actor);
      reason = orEmpty(reason);
      if (assignee == null || assignee.isBlank()) {
        throw new IllegalArgumentException("reassign needs the new assignee");
      }
    }
    @Override public String action() { return "reassign"; }
  }

  private static String requireActor(String actor) {
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("a command needs the actor who gives it");
    }
    return actor;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
