package io.gridwatch.analytics.detect.street;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.gridwatch.analytics.vision.Images;
import io.gridwatch.contracts.config.Zone;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Evidence images of the street-occupation detector: two panels side by side, the frame (left)
 * and the empty-street reference the detector compared it with (right), each with the zone
 * outlined; on an occupation alert the occupying region is outlined in red on the frame.
 */
final class Snapshots {

  /** Width of each panel at most: a 1080p frame becomes two 960 px panels. */
  private static final int PANEL_WIDTH = 960;
  private static final Scalar ZONE = new Scalar(0, 255, 255, 0);
  private static final Scalar REGION = new Scalar(0, 0, 255, 0);
  private static final Scalar CLEARED = new Scalar(0, 200, 0, 0);

  private Snapshots() {}

  /** Frame with zone and region outlined, beside the reference. */
  static byte[] occupied(Mat bgr, Zone zone, Regions regions, Regions.Region[] counted, BackgroundPair model,
      double workingScale) {
    try (Mat frame = bgr.clone(); Mat mask = regionMask(regions, counted, model.width(), model.height());
        Mat full = new Mat(); MatVector contours = new MatVector(); Mat hierarchy = new Mat()) {
      opencv_imgproc.resize(mask, full, new Size(bgr.cols(), bgr.rows()), 0, 0, opencv_imgproc.INTER_NEAREST);
      opencv_imgproc.findContours(full, contours, hierarchy, opencv_imgproc.RETR_EXTERNAL,
          opencv_imgproc.CHAIN_APPROX_SIMPLE);
      int thickness = Math.max(2, bgr.cols() / 480);
      opencv_imgproc.drawContours(frame, contours, -1, REGION, thickness, opencv_imgproc.LINE_AA, hierarchy, 1,
          new Point(0, 0));
      Images.drawPolygon(frame, zone.polygon(), 1.0, ZONE, thickness);
      return sideBySide(frame, zone, model, "occupied", "empty reference");
    }
  }

  /** Frame with the zone outlined in green, beside the reference: the zone is clear again. */
  static byte[] cleared(Mat bgr, Zone zone, BackgroundPair model, double workingScale) {
    try (Mat frame = bgr.clone()) {
      Images.drawPolygon(frame, zone.polygon(), 1.0, CLEARED, Math.max(2, bgr.cols() / 480));
      return sideBySide(frame, zone, model, "clear again", "empty reference");
    }
  }

  private static byte[] sideBySide(Mat frame, Zone zone, BackgroundPair model, String leftLabel, String rightLabel) {
    int panelW = Math.min(PANEL_WIDTH, frame.cols());
    int panelH = (int) Math.round(frame.rows() * panelW / (double) frame.cols());
    try (Mat left = new Mat(); Mat ref = new Mat(model.height(), model.width(), CV_8UC3); Mat right = new Mat();
        Mat both = new Mat(); Size panel = new Size(panelW, panelH)) {
      opencv_imgproc.resize(frame, left, panel, 0, 0, opencv_imgproc.INTER_AREA);
      ref.data().put(model.referenceBytes());
      opencv_imgproc.resize(ref, right, panel, 0, 0, opencv_imgproc.INTER_LINEAR);
      Images.drawPolygon(right, zone.polygon(), panelW / (double) frame.cols(), ZONE, 2);
      label(left, leftLabel);
      label(right, rightLabel);
      try (MatVector panels = new MatVector(left, right)) {
        opencv_core.hconcat(panels, both);
      }
      return Images.jpeg(both, 85);
    }
  }

  private static void label(Mat image, String text) {
    opencv_imgproc.putText(image, text, new Point(10, 28), opencv_imgproc.FONT_HERSHEY_SIMPLEX, 0.8,
        new Scalar(0, 0, 0, 0), 4, opencv_imgproc.LINE_AA, false);
    opencv_imgproc.putText(image, text, new Point(10, 28), opencv_imgproc.FONT_HERSHEY_SIMPLEX, 0.8,
        new Scalar(255, 255, 255, 0), 2, opencv_imgproc.LINE_AA, false);
  }

  private static Mat regionMask(Regions regions, Regions.Region[] counted, int width, int height) {
    byte[] mask = new byte[width * height];
    for (Regions.Region r : counted) {
      for (int y = r.y(); y < r.y() + r.height(); y++) {
        for (int x = r.x(); x < r.x() + r.width(); x++) {
          int p = y * width + x;
          if (regions.label(p) == r.id()) {
            mask[p] = (byte) 255;
          }
        }
      }
    }
    Mat m = new Mat(height, width, CV_8UC1);
    m.data().put(mask);
    return m;
  }
}
