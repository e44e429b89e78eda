package io.gridwatch.alerts.ingest;

/**
 * An alert that decodes but cannot become (part of) an incident. The message names the alert id
 * and the reason; the consumer dead-letters it.
 */
public class RejectedAlertException extends RuntimeException {

  public RejectedAlertException(String message) {
    super(message);
  }
}
