package io.gridwatch.analytics.detect.throwing;

/**
 * A connected region of changed pixels in one frame.
 *
 * @param x    centroid, full-resolution pixels
 * @param y    centroid, full-resolution pixels
 * @param area full-resolution pixels
 */
public record Blob(double x, double y, double area) {}
