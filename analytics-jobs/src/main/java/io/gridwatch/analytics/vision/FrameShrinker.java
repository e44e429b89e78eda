package io.gridwatch.analytics.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.PixelFormat;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Shrinks frames of one camera, to a small BGR image or to the grey image of a region, again and
 * again, into the same native buffers. For something that shrinks every frame of a full-rate
 * camera (the throwing detector, its evidence ring), a fresh 2-3 MB native image per frame costs
 * page faults on every frame. A YUV frame's three planes are shrunk before the colour conversion, which then costs a
 * fraction of a full-size one.
 *
 * <p>Not thread-safe; holds native memory until {@link #close()}.
 */
public final class FrameShrinker implements AutoCloseable {

  /** Limited-range luma (16..235) stretched to the 0..255 of a grey image made from BGR. */
  private static final double LUMA_SCALE = 255.0 / 219.0;
  private static final double LUMA_OFFSET = -16 * LUMA_SCALE;

  private Mat full;       // the frame's bytes, as they came
  private Mat small;      // the shrunk I420 planes, one after the other
  private Mat[] fullPlanes = new Mat[0];
  private Mat[] smallPlanes = new Mat[0];
  @SuppressWarnings("unchecked")
  private final List<Mat>[] halves = new List[] {new ArrayList<Mat>(), new ArrayList<Mat>(), new ArrayList<Mat>()};
  private Mat bgr = new Mat();
  private Mat regionRows;  // the Y rows of greyRegion's region, full width
  private Mat regionSmall = new Mat();
  private Mat grey = new Mat();
  private int width = -1;
  private int height = -1;
  private int smallWidth = -1;
  private int smallHeight = -1;

  /**
   * {@code frame} shrunk to {@code size} as BGR. The image belongs to this shrinker and is
   * overwritten by the next call: use it (or copy it) before then.
   */
  public Mat toSmallBgr(Frame frame, Size size) {
    reopen();
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
   * The grey image of {@code region} of a frame, shrunk to {@code size} by area averaging. Of a
   * YUV frame only the region's rows of the Y plane are read, and no colour is converted; its
   * values are stretched to full range so that thresholds mean the same for both pixel formats.
   * The image belongs to this shrinker and is overwritten by the next call.
   */
  public Mat greyRegion(Frame frame, Rect region, Size size) {
    reopen();
    int w = frame.width();
    if (frame.format() == PixelFormat.BGR) {
      try (Mat whole = Images.toMat(frame); Mat part = whole.apply(region)) {
        opencv_imgproc.resize(part, regionSmall, size, 0, 0, opencv_imgproc.INTER_AREA);
        opencv_imgproc.cvtColor(regionSmall, grey, opencv_imgproc.COLOR_BGR2GRAY);
      }
      return grey;
    }
    if (regionRows == null || regionRows.rows() != region.height() || regionRows.cols() != w) {
      if (regionRows != null) {
        regionRows.close();
      }
      regionRows = new Mat(region.height(), w, CV_8UC1);
    }
    regionRows.data().put(frame.pixels(), region.y() * w, region.height() * w);
    try (Rect cols = new Rect(region.x(), 0, region.width(), region.height()); Mat part = regionRows.apply(cols)) {
      opencv_imgproc.resize(part, regionSmall, size, 0, 0, opencv_imgproc.INTER_AREA);
    }
    regionSmall.convertTo(grey, CV_8UC1, LUMA_SCALE, LUMA_OFFSET);
    return grey;
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

  /** After {@link #close()}, the next call makes its buffers again. */
  private void reopen() {
    if (bgr == null) {
      bgr = new Mat();
      regionSmall = new Mat();
      grey = new Mat();
    }
  }

  /** Frees the native buffers; a later call makes them again. */
  @Override
  public void close() {
    if (bgr == null) {
      return;
    }
    releasePlanes();
    full = null;
    small = null;
    bgr.close();
    width = -1;
    if (regionRows != null) {
      regionRows.close();
      regionRows = null;
    }
    regionSmall.close();
    grey.close();
    bgr = null;
    regionSmall = null;
    grey = null;
  }
}
