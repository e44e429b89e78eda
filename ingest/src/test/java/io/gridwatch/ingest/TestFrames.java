package io.gridwatch.ingest;

import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.PixelFormat;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;

/** Pixel reading for tests, whatever format the decoder handed the frame in. */
public final class TestFrames {

  private TestFrames() {}

  /** The frame's pixels as packed BGR, converted from YUV when the decoder delivered that. */
  public static byte[] bgr(Frame f) {
    if (f.format() == PixelFormat.BGR) {
      return f.pixels();
    }
    try (Mat yuv = new Mat(f.height() * 3 / 2, f.width(), opencv_core.CV_8UC1); Mat bgr = new Mat()) {
      yuv.data().put(f.pixels());
      opencv_imgproc.cvtColor(yuv, bgr, opencv_imgproc.COLOR_YUV2BGR_I420);
      byte[] out = new byte[f.width() * f.height() * 3];
      bgr.data().get(out);
      return out;
    }
  }

  /** Mean of B, G and R at x, y. */
  public static int grey(Frame f, int x, int y) {
    byte[] bgr = bgr(f);
    int o = (y * f.width() + x) * 3;
    return ((bgr[o] & 0xff) + (bgr[o + 1] & 0xff) + (bgr[o + 2] & 0xff)) / 3;
  }
}
