package io.gridwatch.ingest.source;

import io.gridwatch.contracts.CameraStatus;
import io.gridwatch.contracts.Frame;

/**
 * What the camera source emits: a frame, or a change of a camera's connection status. Exactly
 * one of the two is set. (A two-field record rather than a sealed type, so that Flink serializes
 * it with its record serializer instead of falling back to Kryo.)
 *
 * @param frame  a sampled frame, or null
 * @param status a status change, or null
 */
public record CameraEvent(Frame frame, CameraStatus status) {

  public CameraEvent {
    if ((frame == null) == (status == null)) {
      throw new IllegalArgumentException("a camera event carries exactly one of frame or status");
    }
  }

  public static CameraEvent of(Frame frame) {
    return new CameraEvent(frame, null);
  }

  public static CameraEvent of(CameraStatus status) {
    return new CameraEvent(null, status);
  }

  public String cameraId() {
    return frame != null ? frame.cameraId() : status.cameraId();
  }

  /** Epoch ms of the event: the frame's capture time or the status change. */
  public long timeMs() {
    return frame != null ? frame.wallMs() : status.atMs();
  }
}
