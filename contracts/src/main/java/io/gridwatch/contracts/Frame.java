package io.gridwatch.contracts;

import java.util.Arrays;
import java.util.Objects;

/**
 * One decoded video frame of one camera, as it travels from ingest to the detectors.
 *
 * <p>Pixels are packed 8-bit BGR (OpenCV's native order), {@code width * height * 3} bytes, row
 * by row without padding. A plain byte array keeps the record serializable by Flink without any
 * native handle; detectors wrap it in an OpenCV {@code Mat} without copying.
 *
 * @param cameraId camera that produced the frame
 * @param seq      decode order number within the camera's current session, from 0
 * @param ptsMs    presentation time from the start of the stream (media clock)
 * @param wallMs   epoch milliseconds when the frame was decoded (wall clock)
 * @param width    width in pixels
 * @param height   height in pixels
 * @param keyFrame whether the frame was an intra (key) frame in the stream
 * @param bgr      packed BGR pixels
 */
public record Frame(
    String cameraId, long seq, long ptsMs, long wallMs, int width, int height, boolean keyFrame,
    byte[] bgr) {

  public Frame {
    Objects.requireNonNull(cameraId, "cameraId is required but not provided");
    Objects.requireNonNull(bgr, "bgr pixels are required but not provided");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "camera " + cameraId + " frame " + seq + ": size must be positive, got " + width + "x" + height);
    }
    if (bgr.length != width * height * 3) {
      throw new IllegalArgumentException(
          "camera " + cameraId + " frame " + seq + ": expected " + (width * height * 3)
              + " BGR bytes for " + width + "x" + height + ", got " + bgr.length);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Frame f
        && seq == f.seq && ptsMs == f.ptsMs && wallMs == f.wallMs && width == f.width
        && height == f.height && keyFrame == f.keyFrame && cameraId.equals(f.cameraId)
        && Arrays.equals(bgr, f.bgr);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cameraId, seq, ptsMs, wallMs, width, height, keyFrame) * 31 + Arrays.hashCode(bgr);
  }

  @Override
  public String toString() {
    return "Frame[" + cameraId + " #" + seq + " pts=" + ptsMs + "ms " + width + "x" + height
        + (keyFrame ? " key" : "") + "]";
  }
}
