package io.gridwatch.alerts.api;

/**
 * Health of one part of the service, as shown by {@code GET /api/health}.
 *
 * @param up      whether it works; any part down makes the service answer 503
 * @param details anything JSON-serialisable that helps an operator (counters, the last error)
 */
public record ComponentHealth(boolean up, Object details) {}
