package io.gridwatch.analytics.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.PixelFormat;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Shrinks frames of one camera to a small BGR image, again and again, into the same native
 * buffers. For something that shrinks many frames a second (the evidence ring of a full-rate
 * camera), a fresh 3 MB native image per frame costs more in page faults than the shrinking
 * itself. A YUV frame's three planes are shrunk before the colour conversion, which then costs a
 * fraction of a full-size one.
 *
 * <p>Not thread-safe; holds native memory until {@link #close()}.
 */
public final class FrameShrinker implements AutoCloseable {

  private Mat full;       // the frame's bytes, as they came
  private Mat small;      // the shrunk I420 planes, one after the other
  private Mat[] fullPlanes = new Mat[0];
  private Mat[] smallPlanes = new Mat[0];
  @SuppressWarnings("unchecked")
  private final List<Mat>[] halves = new List[] {new ArrayList<Mat>(), new ArrayList<Mat>(), new ArrayList<Mat>()};
  private final Mat bgr = new Mat();
  private int width = -1;
  private int height = -1;
  private int smallWidth = -1;
  private int smallHeight = -1;

  /**
   * {@code frame} shrunk to {@code size} as BGR. The image belongs to this shrinker and is
   * overwritten by the next call: use it (or copy it) before then.
   */
  public Mat toSmallBgr(Frame frame, Size size) {
    int sw = size.width();
    int sh = size.height();
    if (frame.format() == PixelFormat.BGR || sw % 2 != 0 || sh % 2 != 0) {
      try (Mat whole = Images.toMat(frame)) {
        opencv_imgproc.resize(whole, bgr, size, 0, 0, opencv_imgproc.INTER_AREA);
      }
      return bgr;
    }
    layout(frame.width(), frame.height(), sw, sh);
    full.data().put(frame.pixels(), 0, frame.pixels().length);
    for (int i = 0; i < 3; i++) {
      shrinkPlane(fullPlanes[i], smallPlanes[i], halves[i]);
    }
    opencv_imgproc.cvtColor(small, bgr, opencv_imgproc.COLOR_YUV2BGR_I420);
    return bgr;
  }

  /**
   * Area-averages {@code src} into {@code dst}: exact halves first (OpenCV's fast 2x2 path, into
   * {@code halves}), then the rest, under 2x, bilinearly. OpenCV's area resize by a factor other
   * than 2 costs about seven times as much (1.7 ms against 0.25 ms for a 1080p plane to 640x360);
   * after the halving, bilinear sampling of what remains no longer aliases.
   */
  private static void shrinkPlane(Mat src, Mat dst, List<Mat> halves) {
    Mat from = src;
    int level = 0;
    while (from.cols() >= 2 * dst.cols() && from.rows() >= 2 * dst.rows()) {
      if (level == halves.size()) {
        halves.add(new Mat());
      }
      Mat half = halves.get(level++);
      try (Size size = new Size(from.cols() / 2, from.rows() / 2)) {
        opencv_imgproc.resize(from, half, size, 0, 0, opencv_imgproc.INTER_AREA);
      }
      from = half;
    }
    if (from.cols() == dst.cols() && from.rows() == dst.rows()) {
      from.copyTo(dst);
    } else {
      opencv_imgproc.resize(from, dst, dst.size(), 0, 0, opencv_imgproc.INTER_LINEAR);
    }
  }

  /** (Re)makes the buffers when the frame or target size changes. */
  private void layout(int w, int h, int sw, int sh) {
    if (w == width && h == height && sw == smallWidth && sh == smallHeight) {
      return;
    }
    releasePlanes();
    width = w;
    height = h;
    smallWidth = sw;
    smallHeight = sh;
    full = new Mat(h * 3 / 2, w, CV_8UC1);
    small = new Mat(sh * 3 / 2, sw, CV_8UC1);
    fullPlanes = planes(full, w, h);
    smallPlanes = planes(small, sw, sh);
  }

  /** Headers over the Y, U and V planes of an I420 buffer (no copy). */
  private static Mat[] planes(Mat i420, int w, int h) {
    BytePointer data = i420.data();
    long ySize = (long) w * h;
    return new Mat[] {
        new Mat(h, w, CV_8UC1, data.getPointer(0)),
        new Mat(h / 2, w / 2, CV_8UC1, data.getPointer(ySize)),
        new Mat(h / 2, w / 2, CV_8UC1, data.getPointer(ySize + ySize / 4))};
  }

  private void releasePlanes() {
    for (Mat m : fullPlanes) {
      m.close();
    }
    for (Mat m : smallPlanes) {
      m.close();
    }
    if (full != null) {
      full.close();
      small.close();
    }
    fullPlanes = new Mat[0];
    smallPlanes = new Mat[0];
    for (List<Mat> list : halves) {
      list.forEach(Mat::close);
      list.clear();
    }
  }

  @Override
  public void close() {
    releasePlanes();
    full = null;
    small = null;
    bgr.close();
    width = -1;
  }
}
