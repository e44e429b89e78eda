package io.gridwatch.analytics.detect.throwing;

/**
 * Where a moving blob was seen.
 *
 * @param tMs  frame time
 * @param x    centroid, image pixels (full resolution)
 * @param y    centroid, image pixels (full resolution)
 * @param area blob area, full-resolution pixels
 */
public record TrackPoint(long tMs, double x, double y, double area) {}
