package io.gridwatch.analytics.detect.river;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;

import io.gridwatch.contracts.config.Polygon;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Upright figures that are new in one region of the picture (a danger zone and the space above
 * it): the second way a person in a danger zone is found, beside HOG, which misses small people
 * (a person 40–80 px tall on a 720p river camera fills little of HOG's 64x128 window, and the
 * pyramid's enlarged picture is blurred).
 *
 * <p>The region keeps its own background at a scale where the smallest person is about
 * {@value #WORKING_PERSON_PX} px tall, learned with hysteresis as in the {@link MotionGate} (pixels
 * that match learn in {@value #LEARN_SECONDS} s, the rest fade in over {@value #ABSORB_SECONDS}
 * s, so a person who stands still stays new for minutes). New pixels are closed vertically, so a
 * head, a shirt and trousers of different contrast join into one figure, and each connected figure
 * counts as a person when it has a person's shape: at least {@value #MIN_HEIGHT_SHARE} of the
 * smallest person's height and at most {@value #MAX_HEIGHT_SHARE} times it, at least
 * {@value #MIN_ELONGATION} times taller than wide (people stand upright; a group side by side,
 * a bag, a dog or a patch of light do not), and filling at least {@value #MIN_FILL} of its box.
 * Where it stands is the bottom centre of the figure, judged against the zone as HOG's
 * detections are (feet and the point a quarter of the height above them inside the zone).
 */
final class StandingFigures implements AutoCloseable {

  static final double WORKING_PERSON_PX = 40;
  private static final double THRESHOLD = 26;
  private static final double LEARN_SECONDS = 20;
  private static final double ABSORB_SECONDS = 900;
  static final double MIN_HEIGHT_SHARE = 0.7;
  static final double MAX_HEIGHT_SHARE = 4.0;
  static final double MIN_ELONGATION = 1.5;
  static final double MIN_FILL = 0.3;

  private final Rect region;
  private final double minPersonHeight;
  private final double scale;
  private final Size size;
  private Mat background;

  /**
   * @param region          full-resolution box to watch (the zone, widened upwards)
   * @param minPersonHeight height of the smallest person, full-resolution pixels
   */
  StandingFigures(Rect region, double minPersonHeight) {
    this.region = new Rect(region.x(), region.y(), region.width(), region.height());
    this.minPersonHeight = minPersonHeight;
    this.scale = Math.min(1.0, WORKING_PERSON_PX / minPersonHeight);
    this.size = new Size(Math.max(1, (int) Math.round(region.width() * scale)),
        Math.max(1, (int) Math.round(region.height() * scale)));
  }

  Rect region() {
    return region;
  }

  /**
   * Learns the frame and returns the upright figures whose feet stand in {@code zone} (frame
   * coordinates; none on the first frame, which only starts the background).
   */
  List<PeopleDetector.Person> update(Mat bgr, double dtSeconds, Polygon zone) {
    List<PeopleDetector.Person> people = new ArrayList<>();
    if (region.width() < 4 || region.height() < 8 || region.x() + region.width() > bgr.cols()
        || region.y() + region.height() > bgr.rows()) {
      return people;
    }
    try (Mat crop = new Mat(bgr, region); Mat small = new Mat()) {
      opencv_imgproc.resize(crop, small, size, 0, 0, opencv_imgproc.INTER_AREA);
      opencv_imgproc.GaussianBlur(small, small, new Size(3, 3), 0);
      if (background == null) {
        background = new Mat();
        small.convertTo(background, CV_32FC3);
        return people;
      }
      try (Mat diff = difference(small); Mat fg = new Mat()) {
        opencv_imgproc.threshold(diff, fg, THRESHOLD, 255, opencv_imgproc.THRESH_BINARY);
        learn(small, diff, dtSeconds);
        people.addAll(figures(fg, zone));
      }
    }
    return people;
  }

  /** Connected new pixels with a standing person's shape, feet in the zone. */
  List<PeopleDetector.Person> figures(Mat fg, Polygon zone) {
    List<PeopleDetector.Person> people = new ArrayList<>();
    int joinH = Math.max(3, (int) Math.round(0.2 * WORKING_PERSON_PX)) | 1;
    try (Mat open = opencv_imgproc.getStructuringElement(opencv_imgproc.MORPH_RECT, new Size(2, 2));
        Mat join = opencv_imgproc.getStructuringElement(opencv_imgproc.MORPH_RECT, new Size(3, joinH))) {
      // specks of noise go; the parts of one body (hair, face, shirt, trousers) join up
      opencv_imgproc.morphologyEx(fg, fg, opencv_imgproc.MORPH_OPEN, open);
      opencv_imgproc.morphologyEx(fg, fg, opencv_imgproc.MORPH_CLOSE, join);
    }
    try (Mat labels = new Mat(); Mat stats = new Mat(); Mat centroids = new Mat()) {
      int n = opencv_imgproc.connectedComponentsWithStats(fg, labels, stats, centroids, 8, opencv_core.CV_32S);
      try (IntIndexer s = stats.createIndexer()) {
        for (int i = 1; i < n; i++) {
          double w = s.get(i, opencv_imgproc.CC_STAT_WIDTH) / scale;
          double h = s.get(i, opencv_imgproc.CC_STAT_HEIGHT) / scale;
          double area = s.get(i, opencv_imgproc.CC_STAT_AREA) / (scale * scale);
          if (!personShaped(w, h, area)) {
            continue;
          }
          double x = region.x() + s.get(i, opencv_imgproc.CC_STAT_LEFT) / scale;
          double y = region.y() + s.get(i, opencv_imgproc.CC_STAT_TOP) / scale;
          double footX = x + w / 2;
          double footY = y + h;
          if (zone.contains(footX, footY - 1) && zone.contains(footX, footY - 0.25 * h)) {
            people.add(new PeopleDetector.Person(x, y, w, h, footX, footY, 0.0));
          }
        }
      }
    }
    return people;
  }

  /** Height, width and area in full-resolution pixels of a standing person? */
  boolean personShaped(double w, double h, double area) {
    return h >= MIN_HEIGHT_SHARE * minPersonHeight && h <= MAX_HEIGHT_SHARE * minPersonHeight
        && h >= MIN_ELONGATION * w && area >= MIN_FILL * w * h;
  }

  private void learn(Mat small, Mat diff, double dtSeconds) {
    try (Mat settled = new Mat(); Mat unsettled = new Mat()) {
      opencv_imgproc.threshold(diff, settled, THRESHOLD / 2, 255, opencv_imgproc.THRESH_BINARY_INV);
      opencv_core.bitwise_not(settled, unsettled);
      opencv_imgproc.accumulateWeighted(small, background, Math.min(1, dtSeconds / LEARN_SECONDS), settled);
      opencv_imgproc.accumulateWeighted(small, background, Math.min(1, dtSeconds / ABSORB_SECONDS), unsettled);
    }
  }

  /** Largest absolute difference from the background over B, G and R. */
  private Mat difference(Mat small) {
    return io.gridwatch.analytics.vision.Images.maxChannelDifference(small, background);
  }

  /** Forgets the background (a global light change, time going backwards). */
  void reset() {
    close();
  }

  /** Bytes held: the float background. */
  long stateBytes() {
    return (long) size.width() * size.height() * 12;
  }

  @Override
  public void close() {
    if (background != null) {
      background.close();
      background = null;
    }
  }
}
