package io.gridwatch.contracts.incident;

/**
 * Three-light supervision (红黄绿灯督办): green while the current stage is well within its time
 * limit, yellow when the limit is near, red once it has passed. {@link #NONE} when the incident
 * waits on nobody (resolved, closed, dismissed as a false alarm).
 */
public enum Light {
  GREEN,
  YELLOW,
  RED,
  NONE
}
