package io.gridwatch.alerts.ingest;

/**
 * Where a new incident goes.
 *
 * @param gridCellId grid cell the camera watches, or null when the site does not know the camera
 * @param assignee   worker id, supervisor, {@value IncidentRouter#MAINTAINER}, or null when nobody
 *                   is responsible
 */
public record Route(String gridCellId, String assignee) {}
