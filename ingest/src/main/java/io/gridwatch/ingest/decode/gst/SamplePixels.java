package io.gridwatch.ingest.decode.gst;

import java.nio.ByteBuffer;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.BufferFlags;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Structure;
import org.freedesktop.gstreamer.Sample;

/**
 * One appsink sample of {@code video/x-raw,format=BGR} copied into a packed Java array.
 *
 * @param width    pixels per row
 * @param height   rows
 * @param ptsNs    presentation time in nanoseconds, or -1 when the buffer has none
 * @param keyFrame whether the decoder marked the frame as a key frame (no DELTA_UNIT flag)
 * @param bgr      packed BGR, {@code width * height * 3} bytes
 */
public record SamplePixels(int width, int height, long ptsNs, boolean keyFrame, byte[] bgr) {

  /** Copies the sample's pixels; the caller still owns (and disposes) the sample. */
  public static SamplePixels read(Sample sample) {
    int width;
    int height;
    try (Caps caps = sample.getCaps()) {
      Structure s = caps.getStructure(0);
      width = s.getInteger("width");
      height = s.getInteger("height");
    }
    int row = width * 3;
    // GStreamer's default layout pads every RGB row to a multiple of 4 bytes (GST_ROUND_UP_4);
    // packed BGR in a Frame has no padding, so rows are copied one by one when they differ.
    int stride = (row + 3) & ~3;
    byte[] bgr = new byte[row * height];
    try (Buffer buffer = sample.getBuffer()) {
      ByteBuffer data = buffer.map(false);
      try {
        if (data.remaining() < stride * (height - 1) + row) {
          throw new IllegalStateException("BGR buffer of " + data.remaining() + " bytes is too small for "
              + width + "x" + height);
        }
        if (stride == row) {
          data.get(bgr);
        } else {
          for (int y = 0; y < height; y++) {
            data.position(y * stride);
            data.get(bgr, y * row, row);
          }
        }
      } finally {
        buffer.unmap();
      }
      long pts = buffer.getPresentationTimestamp();
      boolean key = !buffer.getFlags().contains(BufferFlags.DELTA_UNIT);
      return new SamplePixels(width, height, pts, key, bgr);
    }
  }

  /** Frames per second in the sample's caps, or 0 when unknown or variable (0/1). */
  public static double frameRate(Sample sample) {
    try (Caps caps = sample.getCaps()) {
      Structure s = caps.getStructure(0);
      if (!s.hasField("framerate")) {
        return 0;
      }
      var f = s.getFraction("framerate");
      return f.getDenominator() == 0 ? 0 : f.toDouble();
    }
  }
}
