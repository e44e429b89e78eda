package io.gridwatch.analytics.detect.river;

import io.gridwatch.contracts.config.Polygon;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.HOGDescriptor;

/**
 * OpenCV's HOG people detector (Dalal-Triggs, the default people SVM built into OpenCV) over a
 * region of the frame. Its window is 64x128 pixels with the person about 96 pixels tall inside,
 * so a region whose people may be smaller is enlarged first: by {@code 96 / minPersonHeight}.
 * The scale pyramid is cut at three times the smallest size, which is what keeps it cheap.
 */
final class PeopleDetector implements AutoCloseable {

  /** A person in frame coordinates; {@code footX, footY} is where they stand. */
  record Person(double x, double y, double width, double height, double footX, double footY, double weight) {}

  private static final double PERSON_IN_WINDOW = 96;
  /** Where the feet are in a detection window: 112 of its 128 rows (16-pixel margins). */
  private static final double FOOT_ROW = 0.875;

  private final HOGDescriptor hog;
  private final Mat svm;
  private final double enlarge;
  private final double hitThreshold;

  /**
   * @param minPersonHeight the smallest person to find, in frame pixels
   * @param hitThreshold    SVM margin a window needs (0 is OpenCV's default; higher is stricter)
   */
  PeopleDetector(double minPersonHeight, double hitThreshold) {
    this.enlarge = Math.max(1.0, PERSON_IN_WINDOW / minPersonHeight);
    this.hitThreshold = hitThreshold;
    // nlevels 12 at scale 1.1: people from the smallest size up to about 3 times it
    hog = new HOGDescriptor(new Size(64, 128), new Size(16, 16), new Size(8, 8), new Size(8, 8), 9, 1, -1,
        HOGDescriptor.L2Hys, 0.2, false, 12, false);
    svm = new Mat(HOGDescriptor.getDefaultPeopleDetector());
    hog.setSVMDetector(svm);
  }

  /** People found in {@code region} of {@code bgr} whose feet lie inside {@code zone} (if given). */
  List<Person> find(Mat bgr, Rect region, Polygon zone) {
    List<Person> people = new ArrayList<>();
    if (region.width() < 8 || region.height() < 16) {
      return people;
    }
    try (Mat crop = new Mat(bgr, region); Mat big = new Mat(); RectVector found = new RectVector();
        DoublePointer weights = new DoublePointer()) {
      opencv_imgproc.resize(crop, big, new Size((int) Math.round(region.width() * enlarge),
          (int) Math.round(region.height() * enlarge)), 0, 0, opencv_imgproc.INTER_LINEAR);
      if (big.cols() < 64 || big.rows() < 128) {
        return people;
      }
      hog.detectMultiScale(big, found, weights, hitThreshold, new Size(8, 8), new Size(16, 16), 1.1, 2, false);
      long n = found.size();
      for (long i = 0; i < n; i++) {
        Rect r = found.get(i);
        double x = region.x() + r.x() / enlarge;
        double y = region.y() + r.y() / enlarge;
        double rw = r.width() / enlarge;
        double rh = r.height() / enlarge;
        double footX = x + rw / 2;
        double footY = y + rh * FOOT_ROW;
        double weight = weights.isNull() || i >= weights.limit() ? 1.0 : weights.get(i);
        // The feet are estimated from the box, which is loose by a few pixels: a person counts
        // when the feet and the point a quarter of their height above them are both in the zone,
        // so people walking just outside its edge stay out.
        if (zone == null || (zone.contains(footX, footY) && zone.contains(footX, footY - 0.25 * rh * FOOT_ROW))) {
          people.add(new Person(x, y, rw, rh * FOOT_ROW, footX, footY, weight));
        }
      }
    }
    return people;
  }

  @Override
  public void close() {
    svm.close();
    hog.close();
  }
}
