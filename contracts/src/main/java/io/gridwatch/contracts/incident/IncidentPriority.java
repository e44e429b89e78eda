package io.gridwatch.contracts.incident;

/**
 * How urgent a grid incident is. Time limits are set per scene and priority; a danger to people
 * (a thrown object, someone in the river) outranks a nuisance (goods on the sidewalk).
 */
public enum IncidentPriority {
  HIGH,
  NORMAL,
  LOW
}
