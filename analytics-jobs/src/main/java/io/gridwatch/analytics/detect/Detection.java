package io.gridwatch.analytics.detect;

import io.gridwatch.contracts.alert.Alert;

/**
 * An alert as a detector decided it, with the annotated snapshot that becomes its evidence.
 *
 * @param alert        the alert, without evidence paths yet
 * @param snapshotJpeg JPEG of the frame with the zone and region drawn on it, or null
 */
public record Detection(Alert alert, byte[] snapshotJpeg) {}
