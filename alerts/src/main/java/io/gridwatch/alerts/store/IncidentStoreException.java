package io.gridwatch.alerts.store;

/**
 * The incident store could not read or write its data (disk, RocksDB or an unreadable record).
 * The message names the data directory and the incident or alert at hand. Callers treat it as
 * transient-or-fatal, never as a problem of the alert being processed.
 */
public class IncidentStoreException extends RuntimeException {

  public IncidentStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
