package io.gridwatch.analytics.vision;

import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.PixelFormat;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;

/** Frames as the FFmpeg decoder hands them on (I420), made from BGR pixels drawn in a test. */
public final class YuvFrames {

  private YuvFrames() {}

  /** The BGR frame converted to I420 (limited range, as decoded H.264 is). */
  public static Frame of(Frame bgr) {
    try (Mat in = new Mat(bgr.height(), bgr.width(), opencv_core.CV_8UC3); Mat yuv = new Mat()) {
      in.data().put(bgr.pixels());
      opencv_imgproc.cvtColor(in, yuv, opencv_imgproc.COLOR_BGR2YUV_I420);
      byte[] px = new byte[bgr.width() * bgr.height() * 3 / 2];
      yuv.data().get(px);
      return new Frame(bgr.cameraId(), bgr.seq(), bgr.ptsMs(), bgr.wallMs(), bgr.width(), bgr.height(),
          bgr.keyFrame(), PixelFormat.I420, px);
    }
  }
}
