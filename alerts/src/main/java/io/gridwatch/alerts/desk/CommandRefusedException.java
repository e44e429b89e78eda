package io.gridwatch.alerts.desk;

/** A command the lifecycle refuses for the incident's current status; the message says why. */
public class CommandRefusedException extends RuntimeException {

  public CommandRefusedException(String message) {
    super(message);
  }
}
