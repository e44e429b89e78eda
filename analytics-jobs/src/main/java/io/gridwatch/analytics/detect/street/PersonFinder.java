package io.gridwatch.analytics.detect.street;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.HOGDescriptor;

/**
 * Finds upright people in a part of a frame with OpenCV's HOG people detector (Dalal-Triggs,
 * built into OpenCV: no model file to ship). Run only on the region that is about to raise an
 * alert, never on whole frames: it costs tens of milliseconds on a 1080p crop.
 *
 * <p>HOG's window is 64x128 pixels and needs a person at least about 100 pixels tall; smaller
 * crops are enlarged first, so a person 60 px tall in a 1080p frame is still looked for (with
 * less certainty).
 */
final class PersonFinder implements AutoCloseable {

  private static final int MIN_PERSON_PX = 144;
  private static final int MAX_CROP_PX = 400;

  private final HOGDescriptor hog = new HOGDescriptor();
  private final FloatPointer weights;

  PersonFinder() {
    weights = HOGDescriptor.getDefaultPeopleDetector();
    try (Mat detector = new Mat(weights)) {
      hog.setSVMDetector(detector);
    }
  }

  /**
   * People whose box lies in {@code roi} of {@code bgr}, in the frame's pixel coordinates, each as
   * {@code {x, y, width, height}}.
   */
  List<int[]> find(Mat bgr, int[] roi) {
    int x = Math.max(0, roi[0]), y = Math.max(0, roi[1]);
    int w = Math.min(bgr.cols() - x, roi[2]), h = Math.min(bgr.rows() - y, roi[3]);
    List<int[]> people = new ArrayList<>();
    if (w < 8 || h < 16) {
      return people;
    }
    // Scale the crop so a person filling its height is larger than HOG's 64x128 window, and so a
    // large crop does not cost a full-frame search.
    double scale = Math.max(MIN_PERSON_PX, Math.min(MAX_CROP_PX, h)) / (double) h;
    try (Rect r = new Rect(x, y, w, h); Mat crop = new Mat(bgr, r); Mat scaled = new Mat();
        RectVector found = new RectVector()) {
      Size size = new Size(Math.max(64, (int) Math.round(w * scale)), Math.max(128, (int) Math.round(h * scale)));
      opencv_imgproc.resize(crop, scaled, size, 0, 0, opencv_imgproc.INTER_LINEAR);
      size.close();
      try (Size stride = new Size(8, 8); Size pad = new Size(16, 16)) {
        hog.detectMultiScale(scaled, found, (double[]) null, 0.0, stride, pad, 1.1, 2.0, false);
      }
      double sx = w / (double) scaled.cols(), sy = h / (double) scaled.rows();
      for (long i = 0; i < found.size(); i++) {
        Rect f = found.get(i);
        people.add(new int[] {x + (int) Math.round(f.x() * sx), y + (int) Math.round(f.y() * sy),
            (int) Math.round(f.width() * sx), (int) Math.round(f.height() * sy)});
      }
    }
    return people;
  }

  @Override
  public void close() {
    hog.close();
    weights.close();
  }
}
