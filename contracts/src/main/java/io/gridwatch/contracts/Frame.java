package io.gridwatch.contracts;

import java.util.Arrays;
import java.util.Objects;

/**
 * One decoded video frame of one camera, as it travels from ingest to the detectors.
 *
 * <p>Pixels are 8-bit, in one of two {@link PixelFormat}s: packed BGR (OpenCV's native order), or
 * the decoder's own planar YUV 4:2:0 ({@link PixelFormat#I420}), which spares the decoder a colour
 * conversion per frame. A plain byte array keeps the record serializable by Flink without any
 * native handle; detectors read it through {@code Images} in {@code analytics-jobs}, which
 * converts only what they look at.
 *
 * @param cameraId camera that produced the frame
 * @param seq      decode order number within the camera's current session, from 0
 * @param ptsMs    presentation time from the start of the stream (media clock)
 * @param wallMs   epoch milliseconds when the frame was decoded (wall clock)
 * @param width    width in pixels
 * @param height   height in pixels
 * @param keyFrame whether the frame was an intra (key) frame in the stream
 * @param format   layout of {@code pixels}
 * @param pixels   the pixels, {@code format.bytes(width, height)} bytes
 */
public record Frame(
    String cameraId, long seq, long ptsMs, long wallMs, int width, int height, boolean keyFrame,
    PixelFormat format, byte[] pixels) {

  public Frame {
    Objects.requireNonNull(cameraId, "cameraId is required but not provided");
    Objects.requireNonNull(format, "pixel format is required but not provided");
    Objects.requireNonNull(pixels, "pixels are required but not provided");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "camera " + cameraId + " frame " + seq + ": size must be positive, got " + width + "x" + height);
    }
    if (format == PixelFormat.I420 && (width % 2 != 0 || height % 2 != 0)) {
      throw new IllegalArgumentException("camera " + cameraId + " frame " + seq
          + ": I420 needs an even width and height, got " + width + "x" + height);
    }
    if (pixels.length != format.bytes(width, height)) {
      throw new IllegalArgumentException(
          "camera " + cameraId + " frame " + seq + ": expected " + format.bytes(width, height)
              + " " + format + " bytes for " + width + "x" + height + ", got " + pixels.length);
    }
  }

  /** A BGR frame. */
  public Frame(String cameraId, long seq, long ptsMs, long wallMs, int width, int height, boolean keyFrame,
      byte[] bgr) {
    this(cameraId, seq, ptsMs, wallMs, width, height, keyFrame, PixelFormat.BGR, bgr);
  }


  @Override
  public boolean equals(Object o) {
    return o instanceof Frame f
        && seq == f.seq && ptsMs == f.ptsMs && wallMs == f.wallMs && width == f.width
        && height == f.height && keyFrame == f.keyFrame && cameraId.equals(f.cameraId)
        && format == f.format && Arrays.equals(pixels, f.pixels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cameraId, seq, ptsMs, wallMs, width, height, keyFrame, format) * 31
        + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "Frame[" + cameraId + " #" + seq + " pts=" + ptsMs + "ms " + width + "x" + height
        + " " + format + (keyFrame ? " key" : "") + "]";
  }
}
