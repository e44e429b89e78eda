package io.gridwatch.analytics.detect.river;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;

import io.gridwatch.analytics.vision.Images;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * What is new in the picture, on a small colour image: the gate in front of the people detector,
 * which costs far more. A background image learns with hysteresis as in the zone-presence
 * detector: clearly unchanged pixels learn in {@value #LEARN_SECONDS} s, everything else fades
 * in over {@value #ABSORB_SECONDS} s, so a person who stands still stays foreground for minutes.
 */
final class MotionGate implements AutoCloseable {

  static final int WORKING_WIDTH = 320;
  private static final double THRESHOLD = 28;
  private static final double LEARN_SECONDS = 20;
  private static final double ABSORB_SECONDS = 900;

  private Size size;
  private double scale;
  private Mat background;
  private Mat foreground;

  /** Scale from full-resolution pixels to the gate's image. */
  double scale() {
    return scale;
  }

  /**
   * Updates the gate with a frame. Returns false on the first frame (nothing to compare with).
   */
  boolean update(Mat bgr, double dtSeconds) {
    if (size == null || Math.abs(bgr.cols() * scale - size.width()) > 1) {
      size = Images.workingSize(bgr.cols(), bgr.rows(), WORKING_WIDTH);
      scale = size.width() / (double) bgr.cols();
      close();
    }
    try (Mat small = new Mat()) {
      opencv_imgproc.resize(bgr, small, size, 0, 0, opencv_imgproc.INTER_AREA);
      opencv_imgproc.GaussianBlur(small, small, new Size(5, 5), 0);
      if (background == null) {
        background = new Mat();
        small.convertTo(background, CV_32FC3);
        return false;
      }
      try (Mat diff = difference(small)) {
        if (foreground == null) {
          foreground = new Mat();
        }
        opencv_imgproc.threshold(diff, foreground, THRESHOLD, 255, opencv_imgproc.THRESH_BINARY);
        try (Mat kernel = opencv_imgproc.getStructuringElement(opencv_imgproc.MORPH_ELLIPSE, new Size(3, 3))) {
          opencv_imgproc.morphologyEx(foreground, foreground, opencv_imgproc.MORPH_OPEN, kernel);
        }
        try (Mat settled = new Mat(); Mat unsettled = new Mat()) {
          opencv_imgproc.threshold(diff, settled, THRESHOLD / 2, 255, opencv_imgproc.THRESH_BINARY_INV);
          opencv_core.bitwise_not(settled, unsettled);
          opencv_imgproc.accumulateWeighted(small, background, Math.min(1, dtSeconds / LEARN_SECONDS), settled);
          opencv_imgproc.accumulateWeighted(small, background, Math.min(1, dtSeconds / ABSORB_SECONDS), unsettled);
        }
      }
    }
    return true;
  }

  /** Share of the image that is foreground (0 before the first comparison). */
  double changedShare() {
    return foreground == null ? 0 : opencv_core.countNonZero(foreground) / (double) (size.width() * size.height());
  }

  /** Foreground pixels of the gate's image inside a full-resolution box. */
  int foregroundIn(Rect fullRes) {
    if (foreground == null) {
      return 0;
    }
    int x0 = (int) Math.floor(fullRes.x() * scale);
    int y0 = (int) Math.floor(fullRes.y() * scale);
    int x1 = Math.min(size.width(), (int) Math.ceil((fullRes.x() + fullRes.width()) * scale));
    int y1 = Math.min(size.height(), (int) Math.ceil((fullRes.y() + fullRes.height()) * scale));
    if (x1 <= x0 || y1 <= y0) {
      return 0;
    }
    try (Mat part = new Mat(foreground, new Rect(x0, y0, x1 - x0, y1 - y0))) {
      return opencv_core.countNonZero(part);
    }
  }

  /** Forgets the background (a global light change): the next frame starts learning afresh. */
  void reset() {
    close();
  }

  /** Largest absolute difference from the background over B, G and R. */
  private Mat difference(Mat small) {
    return io.gridwatch.analytics.vision.Images.maxChannelDifference(small, background);
  }

  /** Bytes held: the float background and the mask. */
  long stateBytes() {
    return size == null ? 0 : (long) size.width() * size.height() * (12 + 1);
  }

  @Override
  public void close() {
    if (background != null) {
      background.close();
      background = null;
    }
    if (foreground != null) {
      foreground.close();
      foreground = null;
    }
  }
}
