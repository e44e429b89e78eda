package io.gridwatch.alerts.api;

import io.gridwatch.alerts.store.IncidentFilter;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.incident.IncidentStatus;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The query parameters of {@code GET /api/incidents}, checked. Each parse method takes the raw
 * value (null when absent) and throws a 400 {@link ApiException} naming the parameter.
 */
record ListQuery(int offset, int limit, IncidentFilter filter) {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  static ListQuery parse(Function<String, String> param) {
    IncidentFilter filter = new IncidentFilter(
        status(param.apply("status")),
        text("cameraId", param.apply("cameraId")),
        text("gridCellId", param.apply("gridCellId")),
        scene(param.apply("scene")),
        text("assignee", param.apply("assignee")),
        null);
    int offset = integer("offset", param.apply("offset"), 0, 0, Integer.MAX_VALUE);
    int limit = integer("limit", param.apply("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
    return new ListQuery(offset, limit, filter);
  }

  static IncidentStatus status(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      // Accept the wire form (REPORTED) and the friendlier lower case / dashed forms.
      return IncidentStatus.valueOf(raw.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter("status", "has unknown status '" + raw + "'; expected one of "
          + Arrays.stream(IncidentStatus.values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
  }

  static AlertScene scene(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      return AlertScene.fromWireName(raw.trim());
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter("scene", "is invalid: " + e.getMessage());
    }
  }

  static String text(String name, String raw) {
    if (raw == null) {
      return null;
    }
    if (raw.isBlank()) {
      throw ApiException.badParameter(name, "must not be empty");
    }
    return raw.trim();
  }

  static int integer(String name, String raw, int defaultValue, int min, int max) {
    if (raw == null) {
      return defaultValue;
    }
    String range = max == Integer.MAX_VALUE ? ">= " + min : "within " + min + ".." + max;
    try {
      int value = Integer.parseInt(raw.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, with the accepted range
    }
    throw ApiException.badParameter(name, "must be a whole number " + range + ", got '" + raw + "'");
  }
}
