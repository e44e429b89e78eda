package io.gridwatch.contracts;

import java.util.Objects;

/**
 * A change in a camera's connection, reported by ingest: it came online (first frame after a
 * connect) or went offline (stream ended, failed, or could not be opened).
 *
 * @param cameraId   the camera
 * @param online     true when frames flow again, false when they stopped
 * @param atMs       epoch ms of the change
 * @param reason     why, in words for the operator (never containing a password)
 * @param reconnects reconnect attempts of this camera so far
 */
public record CameraStatus(String cameraId, boolean online, long atMs, String reason, long reconnects) {

  public CameraStatus {
    Objects.requireNonNull(cameraId, "cameraId is required but not provided");
    reason = reason == null ? "" : reason;
  }
}
