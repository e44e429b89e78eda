package io.gridwatch.contracts.incident;

/**
 * Where a grid incident stands in the closed loop: discover, report, dispatch, verify on site,
 * handle, close. (The transitions between them belong to the incident service.)
 */
public enum IncidentStatus {
  REPORTED,
  DISPATCHED,
  ACCEPTED,
  VERIFIED_CONFIRMED,
  VERIFIED_FALSE_ALARM,
  HANDLING,
  RESOLVED,
  ESCALATED,
  CLOSED;

  /** Whether new alerts of the same camera, scene and zone may still join this incident. */
  public boolean isOpen() {
    return this != CLOSED && this != VERIFIED_FALSE_ALARM && this != RESOLVED;
  }
}
