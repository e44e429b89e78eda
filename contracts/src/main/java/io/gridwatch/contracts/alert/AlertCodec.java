package io.gridwatch.contracts.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** JSON form of {@link Alert}: one object per alert, the same on Kafka and on stdout. */
public final class AlertCodec {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      // Newer writers may add fields; a reader of an older schema keeps what it knows.
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .build();

  private AlertCodec() {}

  public static String toJson(Alert alert) {
    try {
      return MAPPER.writeValueAsString(alert);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("alert " + alert.alertId() + " cannot be written as JSON", e);
    }
  }

  public static byte[] toBytes(Alert alert) {
    return toJson(alert).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses one alert.
   *
   * @throws MalformedAlertException naming what is wrong, for a dead-letter record
   */
  public static Alert fromJson(String json) {
    try {
      return MAPPER.readValue(json, Alert.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      throw new MalformedAlertException("malformed alert: " + firstLine(cause.getMessage()), e);
    }
  }

  public static Alert fromBytes(byte[] bytes) {
    if (bytes == null) {
      throw new MalformedAlertException("malformed alert: empty message", null);
    }
    return fromJson(new String(bytes, StandardCharsets.UTF_8));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** An alert message that cannot be read; the message says why. */
  public static final class MalformedAlertException extends RuntimeException {
    public MalformedAlertException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
