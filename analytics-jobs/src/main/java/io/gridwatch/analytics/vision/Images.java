package io.gridwatch.analytics.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.PixelFormat;
import io.gridwatch.contracts.config.Point;
import io.gridwatch.contracts.config.Polygon;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Small OpenCV helpers shared by the detectors. */
public final class Images {

  private Images() {}

  /**
   * Packed BGR pixels as planar YUV 4:2:0 (limited range), the layout a camera's decoder hands
   * on; {@code w} and {@code h} even. For frames drawn in memory (benchmarks, tests).
   */
  public static byte[] toI420(byte[] bgr, int w, int h) {
    try (Mat in = new Mat(h, w, CV_8UC3); Mat yuv = new Mat()) {
      in.data().put(bgr);
      opencv_imgproc.cvtColor(in, yuv, opencv_imgproc.COLOR_BGR2YUV_I420);
      byte[] out = new byte[w * h * 3 / 2];
      yuv.data().get(out);
      return out;
    }
  }

  /** A frame's pixels as a new 8-bit BGR Mat (caller closes it), converted if need be. */
  public static Mat toMat(Frame frame) {
    int w = frame.width();
    int h = frame.height();
    Mat mat = new Mat(h, w, CV_8UC3);
    if (frame.format() == PixelFormat.BGR) {
      mat.data().put(frame.pixels());
      return mat;
    }
    try (Mat yuv = new Mat(h * 3 / 2, w, CV_8UC1)) {
      yuv.data().put(frame.pixels());
      opencv_imgproc.cvtColor(yuv, mat, opencv_imgproc.COLOR_YUV2BGR_I420);
    }
    return mat;
  }

  /**
   * The largest absolute difference over B, G and R between a BGR image and a floating-point
   * BGR background of the same size, as one 8-bit channel (caller closes it): a change in any
   * colour counts, not only in brightness.
   */
  public static Mat maxChannelDifference(Mat bgr, Mat background) {
    try (Mat bg8 = new Mat(); Mat diff3 = new Mat(); MatVector channels = new MatVector()) {
      background.convertTo(bg8, CV_8UC3);
      org.bytedeco.opencv.global.opencv_core.absdiff(bgr, bg8, diff3);
      org.bytedeco.opencv.global.opencv_core.split(diff3, channels);
      Mat diff = channels.get(0).clone();
      org.bytedeco.opencv.global.opencv_core.max(diff, channels.get(1), diff);
      org.bytedeco.opencv.global.opencv_core.max(diff, channels.get(2), diff);
      return diff;
    }
  }

  /** Working size for a frame: {@code width} wide (never upscaled), same aspect ratio, even. */
  public static Size workingSize(int frameWidth, int frameHeight, int width) {
    int w = Math.min(width, frameWidth);
    int h = (int) Math.round(frameHeight * (w / (double) frameWidth));
    return new Size(w - (w % 2), Math.max(2, h - (h % 2)));
  }

  /** Filled 8-bit mask (255 inside) of a polygon scaled by {@code scale}, of size {@code size}. */
  public static Mat polygonMask(Polygon polygon, double scale, Size size) {
    Mat mask = new Mat(size.height(), size.width(), org.bytedeco.opencv.global.opencv_core.CV_8UC1, new Scalar(0.0));
    try (Mat pts = toPoints(polygon, scale); MatVector contours = new MatVector(pts)) {
      opencv_imgproc.fillPoly(mask, contours, new Scalar(255.0));
    }
    return mask;
  }

  /** Draws a polygon outline on a BGR image. */
  public static void drawPolygon(Mat image, Polygon polygon, double scale, Scalar colour, int thickness) {
    try (Mat pts = toPoints(polygon, scale); MatVector contours = new MatVector(pts)) {
      opencv_imgproc.polylines(image, contours, true, colour, thickness, opencv_imgproc.LINE_AA, 0);
    }
  }

  /** JPEG bytes of a BGR image. */
  public static byte[] jpeg(Mat image, int quality) {
    try (BytePointer buf = new BytePointer();
        org.bytedeco.javacpp.IntPointer params = new org.bytedeco.javacpp.IntPointer(
            opencv_imgcodecs.IMWRITE_JPEG_QUALITY, quality)) {
      if (!opencv_imgcodecs.imencode(".jpg", image, buf, params)) {
        throw new IllegalStateException("JPEG encoding failed for a " + image.cols() + "x" + image.rows() + " image");
      }
      byte[] out = new byte[(int) buf.limit()];
      buf.get(out);
      return out;
    }
  }

  /** Lossless PNG bytes of a packed 8-bit BGR image. */
  public static byte[] png(byte[] bgr, int width, int height) {
    try (Mat image = new Mat(height, width, CV_8UC3); BytePointer buf = new BytePointer()) {
      image.data().put(bgr);
      if (!opencv_imgcodecs.imencode(".png", image, buf)) {
        throw new IllegalStateException("PNG encoding failed for a " + width + "x" + height + " image");
      }
      byte[] out = new byte[(int) buf.limit()];
      buf.get(out);
      return out;
    }
  }

  /**
   * Packed 8-bit BGR pixels of an encoded colour image (PNG, JPEG) that must be
   * {@code width}x{@code height}, or null when it cannot be decoded or has another size.
   */
  public static byte[] decodeBgr(byte[] encoded, int width, int height) {
    try (Mat buf = new Mat(1, encoded.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1)) {
      buf.data().put(encoded);
      try (Mat image = opencv_imgcodecs.imdecode(buf, opencv_imgcodecs.IMREAD_COLOR)) {
        if (image == null || image.empty() || image.cols() != width || image.rows() != height || image.channels() != 3) {
          return null;
        }
        byte[] out = new byte[width * height * 3];
        image.data().get(out);
        return out;
      }
    }
  }

  private static Mat toPoints(Polygon polygon, double scale) {
    Mat pts = new Mat(polygon.points().size(), 1, org.bytedeco.opencv.global.opencv_core.CV_32SC2);
    org.bytedeco.javacpp.indexer.IntIndexer idx = pts.createIndexer();
    int i = 0;
    for (Point p : polygon.points()) {
      idx.put(i, 0, 0, (int) Math.round(p.x() * scale));
      idx.put(i, 0, 1, (int) Math.round(p.y() * scale));
      i++;
    }
    idx.close();
    return pts;
  }
}
