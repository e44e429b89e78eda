package io.gridwatch.analytics.detect.throwing;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;

import io.gridwatch.analytics.vision.SparseComponents;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Finds small moving blobs in the region below and around the facade: background subtraction on
 * a half-size grey image (a running average that forgets in {@code backgroundSeconds}), a
 * threshold, and connected components. In rain the thin streaks of the drops are opened away and
 * what is thicker is kept. Frames where too much changes at once even so (a camera shake, an
 * exposure jump, a downpour) are reported as unusable instead of flooding the tracker, and once
 * the view is steady again the background restarts from it.
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
   * @param maxBlobs          frames with more blobs are unusable (rain, snow, a flock)
   */
  record Settings(double workScale, double diffThreshold, double backgroundSeconds, double minAreaPx, double maxAreaPx,
      double maxChangedShare, int maxBlobs) {

    static Settings defaults() {
      // A 5 s background: a slow tissue (1 m/s, ~0.7 px a frame) leaves no ghost trail behind it
      // (it is absorbed by less than 10% while it covers a pixel), and a fast fall is never absorbed.
      return new Settings(0.5, 18, 5, 8, 6400, 0.02, 40);
    }
  }

  /** One frame's blobs, or {@code usable == false} when the frame could not be trusted. */
  record Result(boolean usable, List<Blob> blobs, double changedShare) {}

  private final Settings settings;
  private final Rect roi;
  private final double scale;
  private final Size workSize;
  private Mat background;
  // Reused from frame to frame: a fresh half-megabyte image each frame costs page faults.
  private final Mat bg8 = new Mat();
  private final Mat diff = new Mat();
  private final Mat mask = new Mat();
  private final SparseComponents components = new SparseComponents();
  private final Mat opened = new Mat();
  private final Mat previous = new Mat();
  private final Mat openKernel = opencv_imgproc.getStructuringElement(opencv_imgproc.MORPH_RECT, new Size(3, 3));
  /** Whether {@link #previous} holds the last frame, itself unusable for widespread change. */
  private boolean previousUnusable;
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

  /** The region searched, full-resolution pixels. */
  Rect roi() {
    return roi;
  }

  /** The size {@link #find} wants the region shrunk to. */
  Size workSize() {
    return workSize;
  }

  /**
   * @param grey the region ({@link #roi()}) in grey, shrunk to {@link #workSize()} by area
   *             averaging; no blur: the 2x2 area average already halves the sensor noise, and a
   *             6 px object is only 3 pixels here
   * @param tMs  the frame's time
   */
  Result find(Mat grey, long tMs) {
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
    double area = workSize.width() * (double) workSize.height();
    int changedPixels = opencv_core.countNonZero(mask);
    double changed = changedPixels / area;
    if (changed > 0.25) {
      reset(grey); // the whole view changed (shake, exposure): start the background afresh
      return new Result(false, List.of(), changed);
    }
    opencv_imgproc.accumulateWeighted(grey, background, Math.min(1, dt / settings.backgroundSeconds()));
    List<Blob> blobs = changed > settings.maxChangedShare() ? null : components(mask, changedPixels);
    if (blobs == null || blobs.size() > settings.maxBlobs()) {
      // Rain: streaks of falling drops are 1-3 px thin at 1080p (one or two here); an object worth
      // reporting is thicker. An opening with a 3x3 square keeps what is at least 3 px thick here.
      opencv_imgproc.morphologyEx(mask, opened, opencv_imgproc.MORPH_OPEN, openKernel);
      int kept = opencv_core.countNonZero(opened);
      blobs = kept / area > settings.maxChangedShare() ? null : components(opened, kept);
    }
    if (blobs == null || blobs.size() > settings.maxBlobs()) {
      relearnIfSteady(grey, area);
      return new Result(false, List.of(), changed);
    }
    previousUnusable = false;
    return new Result(true, blobs, changed);
  }

  /**
   * A frame left unusable by widespread change. If the view has stopped changing from one frame
   * to the next (a shake that has ended with the view a pixel off, a light switched on), the
   * background is what is out of date, not the frame: start it afresh from this frame rather than
   * waiting the background's time constant, blind, for it to catch up. Rain keeps changing from
   * frame to frame, so it never triggers this.
   */
  private void relearnIfSteady(Mat grey, double area) {
    if (previousUnusable) {
      opencv_core.absdiff(grey, previous, diff);
      opencv_imgproc.threshold(diff, mask, settings.diffThreshold(), 255, opencv_imgproc.THRESH_BINARY);
      if (opencv_core.countNonZero(mask) / area <= settings.maxChangedShare()) {
        reset(grey);
        previousUnusable = false;
        return;
      }
    }
    grey.copyTo(previous);
    previousUnusable = true;
  }

  private List<Blob> components(Mat mask, int changedPixels) {
    List<Blob> blobs = new ArrayList<>();
    double areaScale = 1 / (scale * scale);
    for (SparseComponents.Component c : components.find(mask, changedPixels)) {
      double area = c.area() * areaScale;
      if (area < settings.minAreaPx() || area > settings.maxAreaPx()) {
        continue;
      }
      blobs.add(new Blob(roi.x() + c.centroidX() / scale, roi.y() + c.centroidY() / scale, area));
    }
    return blobs;
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
    bg8.close();
    diff.close();
    mask.close();
    opened.close();
    previous.close();
    openKernel.close();
    components.close();
    if (background != null) {
      background.close();
      background = null;
    }
  }
}
