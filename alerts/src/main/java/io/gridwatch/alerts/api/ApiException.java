package io.gridwatch.alerts.api;

/** A request the API refuses; becomes {@code {"error": message[, "parameter": name]}}. */
final class ApiException extends RuntimeException {

  private final int status;
  private final String parameter;

  ApiException(int status, String message, String parameter) {
    super(message);
    this.status = status;
    this.parameter = parameter;
  }

  static ApiException badParameter(String parameter, String problem) {
    return new ApiException(400, "query parameter '" + parameter + "' " + problem, parameter);
  }

  static ApiException badBody(String field, String problem) {
    return new ApiException(400, field == null ? problem : "field '" + field + "' " + problem, field);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, message, null);
  }

  static ApiException unauthorized(String message) {
    return new ApiException(401, message, null);
  }

  static ApiException forbidden(String message) {
    return new ApiException(403, message, null);
  }

  int status() {
    return status;
  }

  /** The query parameter or body field at fault, or null. */
  String parameter() {
    return parameter;
  }
}
