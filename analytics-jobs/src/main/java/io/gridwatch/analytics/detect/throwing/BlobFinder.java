package io.gridwatch.analytics.detect.throwing;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32S;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Finds small moving blobs in the region below and around the facade: background subtraction on
 * a half-size grey image (a running average that forgets in {@code backgroundSeconds}), a
 * threshold, and connected components. Frames where too much changes at once (rain, a camera
 * shake, an exposure jump) are reported as unusable instead of flooding the tracker.
 *
 * <p>Not thread-safe; holds native memory until {@link #close()}.
 */
final class BlobFinder implements AutoCloseable {

  /**
   * @param workScale         scale of the image worked on (a half: a 2x2 box filter OpenCV does fast)
   * @param diffThreshold     grey-level difference from the background that counts as change
   * @param backgroundSeconds time constant of the background
   * @param minAreaPx         smallest blob, full-resolution pixels (a 6 px object is ~28 px)
   * @param maxAreaPx         largest blob, full-resolution pixels (bigger: people, insects on the lens)
   * @param maxChangedShare   frames with more of the region changed are unusable
   * @param maxBlobs          frames with more blobs (rain streaks not counted) are unusable (snow, a flock)
   * @param streakMinLengthPx a blob at least this long (work-image pixels) ...
   * @param streakMinElongation ... and this many times longer than wide is a streak
   * @param rainStreaks       this many streaks in one frame is rain, and they are dropped
   */
  record Settings(double workScale, double diffThreshold, double backgroundSeconds, double minAreaPx, double maxAreaPx,
      double maxChangedShare, int maxBlobs, int streakMinLengthPx, double streakMinElongation, int rainStreaks) {

    static Settings defaults() {
      // A 5 s background: a slow tissue (1 m/s, ~0.7 px a frame) leaves no ghost trail behind it
      // (it is absorbed by less than 10% while it covers a pixel), and a fast fall is never absorbed.
      // Rain: a drop lit against the facade is a streak (its fall during the exposure), some
      // 4-20 px long and 1-2 px wide on the half-size image, dozens of new ones in every frame.
      // They are dropped, and do not count towards the 2 % of the view whose change makes a
      // frame unusable, so that a fall in the rain is still followed.
      return new Settings(0.5, 18, 5, 8, 6400, 0.02, 40, 4, 3.0, 20);
    }
  }

  /** One frame's blobs, or {@code usable == false} when the frame could not be trusted. */
  record Result(boolean usable, List<Blob> blobs, double changedShare) {}

  private final Settings settings;
  private final Rect roi;
  private final double scale;
  private final Size workSize;
  private Mat background;
  private long lastMs = Long.MIN_VALUE;

  /**
   * @param frameWidth  full-resolution width
   * @param frameHeight full-resolution height
   * @param roi         region searched, full-resolution pixels
   */
  BlobFinder(int frameWidth, int frameHeight, Rect roi, Settings settings) {
    this.settings = settings;
    this.roi = roi;
    this.scale = settings.workScale();
    this.workSize = new Size(Math.max(2, (int) Math.round(roi.width() * scale)),
        Math.max(2, (int) Math.round(roi.height() * scale)));
  }

  Result find(Mat bgr, long tMs) {
    try (Mat region = bgr.apply(roi); Mat small = new Mat(); Mat grey = new Mat(); Mat diff = new Mat();
        Mat mask = new Mat(); Mat bg8 = new Mat()) {
      opencv_imgproc.resize(region, small, workSize, 0, 0, opencv_imgproc.INTER_AREA);
      // No blur: the 2x2 area average already halves the sensor noise, and a 6 px object is only 3
      // pixels here.
      opencv_imgproc.cvtColor(small, grey, opencv_imgproc.COLOR_BGR2GRAY);
      if (background == null || tMs < lastMs) {
        reset(grey);
        lastMs = tMs;
        return new Result(false, List.of(), 0);
      }
      double dt = Math.max(0.001, (tMs - lastMs) / 1000.0);
      lastMs = tMs;
      background.convertTo(bg8, CV_8U);
      opencv_core.absdiff(grey, bg8, diff);
      opencv_imgproc.threshold(diff, mask, settings.diffThreshold(), 255, opencv_imgproc.THRESH_BINARY);
      double changed = opencv_core.countNonZero(mask) / (double) (workSize.width() * workSize.height());
      if (changed > 0.25) {
        reset(grey); // the whole view changed (shake, exposure): start the background afresh
        return new Result(false, List.of(), changed);
      }
      opencv_imgproc.accumulateWeighted(grey, background, Math.min(1, dt / settings.backgroundSeconds()));
      if (changed == 0) {
        return new Result(true, List.of(), 0);
      }
      Components found = components(mask);
      // Rain's streaks do not count towards the change that makes a frame unusable; anything
      // else that changes much of the view (laundry in the wind, a flock) still does.
      double changedBesidesRain = changed - found.rainPixels() / (double) (workSize.width() * workSize.height());
      if (changedBesidesRain > settings.maxChangedShare() || found.blobs().size() > settings.maxBlobs()) {
        return new Result(false, List.of(), changed);
      }
      return new Result(true, found.blobs(), changed);
    }
  }

  /** A frame's blobs, and the work-image pixels of the rain streaks dropped from them. */
  private record Components(List<Blob> blobs, long rainPixels) {}

  private Components components(Mat mask) {
    List<Blob> blobs = new ArrayList<>();
    List<Blob> streaks = new ArrayList<>();
    long streakPixels = 0;
    try (Mat labels = new Mat(); Mat stats = new Mat(); Mat centroids = new Mat()) {
      int n = opencv_imgproc.connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
      double areaScale = 1 / (scale * scale);
      try (IntIndexer s = stats.createIndexer(); DoubleIndexer c = centroids.createIndexer()) {
        for (int i = 1; i < n; i++) { // 0 is the background
          double area = s.get(i, opencv_imgproc.CC_STAT_AREA) * areaScale;
          if (area < settings.minAreaPx() || area > settings.maxAreaPx()) {
            continue;
          }
          int w = s.get(i, opencv_imgproc.CC_STAT_WIDTH);
          int h = s.get(i, opencv_imgproc.CC_STAT_HEIGHT);
          int length = Math.max(w, h);
          Blob blob = new Blob(roi.x() + c.get(i, 0) / scale, roi.y() + c.get(i, 1) / scale, area);
          if (length >= settings.streakMinLengthPx() && length >= settings.streakMinElongation() * Math.min(w, h)) {
            streaks.add(blob);
            streakPixels += s.get(i, opencv_imgproc.CC_STAT_AREA);
          } else {
            blobs.add(blob);
          }
        }
      }
    }
    // Many thin streaks at once is rain: drop them all. A few are kept, as a fast fall seen with
    // motion blur is a streak too.
    if (streaks.size() < settings.rainStreaks()) {
      blobs.addAll(streaks);
      return new Components(blobs, 0);
    }
    return new Components(blobs, streakPixels);
  }

  private void reset(Mat grey) {
    if (background != null) {
      background.close();
    }
    background = new Mat();
    grey.convertTo(background, CV_32F);
  }

  @Override
  public void close() {
    if (background != null) {
      background.close();
      background = null;
    }
  }
}
