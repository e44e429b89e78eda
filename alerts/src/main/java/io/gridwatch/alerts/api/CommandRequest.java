package io.gridwatch.alerts.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwatch.alerts.lifecycle.IncidentCommand;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /api/incidents/{id}/{action}}, checked and turned into an
 * {@link IncidentCommand}. Each action accepts only its own fields, so that a typo ({@code
 * "assigne"}) is a 400 naming the field rather than a silently ignored value.
 */
final class CommandRequest {

  /** Fields each action accepts; {@code reason} and {@code note} are synonyms. */
  static final Map<String, Set<String>> FIELDS = Map.of(
      "dispatch", Set.of("assignee", "reason", "note"),
      "accept", Set.of("reason", "note"),
      "verify", Set.of("verdict", "note", "reason"),
      "handle", Set.of("reason", "note"),
      "resolve", Set.of("reason", "note"),
      "close", Set.of("reason", "note"),
      "escalate", Set.of("reason", "note"),
      "reassign", Set.of("assignee", "reason", "note"));

  private static final int MAX_TEXT = 2_000;

  private CommandRequest() {}

  /** The command class of {@code action}, or a 404 naming the known actions. */
  static Class<? extends IncidentCommand> commandClass(String action) {
    return switch (action) {
      case "dispatch" -> IncidentCommand.Dispatch.class;
      case "accept" -> IncidentCommand.Accept.class;
      case "verify" -> IncidentCommand.Verify.class;
      case "handle" -> IncidentCommand.Handle.class;
      case "resolve" -> IncidentCommand.Resolve.class;
      case "close" -> IncidentCommand.Close.class;
      case "escalate" -> IncidentCommand.Escalate.class;
      case "reassign" -> IncidentCommand.Reassign.class;
      default -> throw ApiException.notFound("unknown command '" + action
          + "'; expected one of accept, close, dispatch, escalate, handle, reassign, resolve, verify");
    };
  }

  /** Parses a JSON body (empty means no fields) into fields as text. */
  static Map<String, String> parseJson(String action, String body, ObjectMapper json) {
    if (body == null || body.isBlank()) {
      return Map.of();
    }
    JsonNode tree;
    try {
      tree = json.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.badBody(null, "request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badBody(null, "request body cannot be read: " + e.getMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw ApiException.badBody(null, "request body must be a JSON object");
    }
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual() && !e.getValue().isNull()) {
        throw ApiException.badBody(e.getKey(), "must be text");
      }
      if (!e.getValue().isNull()) {
        fields.put(e.getKey(), e.getValue().asText());
      }
    }
    return fields;
  }

  /** Builds the command from checked fields. */
  static IncidentCommand toCommand(String action, Map<String, String> fields, List<String> photos,
      String actor, long nowMs) {
    Set<String> allowed = FIELDS.get(action);
    for (String f : fields.keySet()) {
      if (!allowed.contains(f)) {
        throw ApiException.badBody(f, "is not known to '" + action + "'; it accepts "
            + new java.util.TreeSet<>(allowed));
      }
    }
    for (var e : fields.entrySet()) {
      if (e.getValue().length() > MAX_TEXT) {
        throw ApiException.badBody(e.getKey(), "is longer than " + MAX_TEXT + " characters");
      }
    }
    String reason = fields.getOrDefault("reason", fields.getOrDefault("note", ""));
    String assignee = fields.get("assignee");
    return switch (action) {
      case "dispatch" -> new IncidentCommand.Dispatch(actor, nowMs, assignee, reason);
      case "accept" -> new IncidentCommand.Accept(actor, nowMs, reason);
      case "verify" -> new IncidentCommand.Verify(actor, nowMs, verdict(fields.get("verdict")), reason, photos);
      case "handle" -> new IncidentCommand.Handle(actor, nowMs, reason);
      case "resolve" -> new IncidentCommand.Resolve(actor, nowMs, reason);
      case "close" -> new IncidentCommand.Close(actor, nowMs, reason);
      case "escalate" -> new IncidentCommand.Escalate(actor, nowMs, reason);
      case "reassign" -> {
        if (assignee == null || assignee.isBlank()) {
          throw ApiException.badBody("assignee", "is required: who takes the incident over");
        }
        yield new IncidentCommand.Reassign(actor, nowMs, assignee, reason);
      }
      default -> throw new IllegalStateException(action);
    };
  }

  private static boolean verdict(String raw) {
    if ("confirmed".equals(raw)) {
      return true;
    }
    if ("false-alarm".equals(raw)) {
      return false;
    }
    throw ApiException.badBody("verdict", raw == null ? "is required: confirmed or false-alarm"
        : "is '" + raw + "'; expected confirmed or false-alarm");
  }
}
