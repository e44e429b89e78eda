package io.gridwatch.ingest.source;

import io.gridwatch.contracts.CameraStatus;
import io.gridwatch.contracts.Frame;

/**
 * What the camera source emits, exactly one of: a camera's setup (scene and limits, ahead of its
 * frames), a change of its connection status, or a sampled frame. (A record of nullable fields
 * rather than a sealed type, so that Flink serializes it with its record serializer instead of
 * falling back to Kryo.)
 *
 * @param setup  how the camera is analysed, or null
 * @param status a status change, or null
 * @param frame  a sampled frame, or null
 */
public record CameraEvent(CameraSetup setup, CameraStatus status, Frame frame) {

  public CameraEvent {
    int set = (setup != null ? 1 : 0) + (status != null ? 1 : 0) + (frame != null ? 1 : 0);
    if (set != 1) {
      throw new IllegalArgumentException("a camera event carries exactly one of setup, status or frame");
    }
  }

  public static CameraEvent of(Frame frame) {
    return new CameraEvent(null, null, frame);
  }

  public static CameraEvent of(CameraStatus status) {
    return new CameraEvent(null, status, null);
  }

  public static CameraEvent of(CameraSetup setup) {
    return new CameraEvent(setup, null, null);
  }

  public String cameraId() {
    return frame != null ? frame.cameraId() : status != null ? status.cameraId() : setup.cameraId();
  }

  /** Epoch ms of the event: the frame's capture time, the status change, or now for a setup. */
  public long timeMs() {
    return frame != null ? frame.wallMs() : status != null ? status.atMs() : System.currentTimeMillis();
  }
}
