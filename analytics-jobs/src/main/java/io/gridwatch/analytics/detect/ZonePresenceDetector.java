package io.gridwatch.analytics.detect;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;

import io.gridwatch.analytics.vision.Images;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.config.Zone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Raises an alert when something new stays inside a zone for the zone's dwell time: the first
 * detector of GridWatch, used for shop-front zones (street occupation) and danger zones by the
 * water (river intrusion) until their dedicated detectors replace it.
 *
 * <p>How: each frame is shrunk to a small grey image and compared with a background image. The
 * background learns only where nothing is in the foreground (selective update), so an object
 * that stays is not absorbed before its dwell time; it still fades in over {@link
 * Settings#absorbSeconds}, so a permanent change (a new bench) stops counting eventually. A zone
 * is occupied while the foreground covers at least its {@code minCoverage}; an episode starts
 * with the first occupied frame, alerts once after {@code dwellSeconds}, and ends after the zone
 * has been clear for {@link Settings#clearSeconds}.
 *
 * <p>Known limits (handled by the scene detectors of later issues): people passing one after
 * another keep a zone occupied; a sudden global light change makes everything foreground for a
 * while (frames where most of the image changed are skipped for that reason).
 */
public final class ZonePresenceDetector implements Detector {

  /**
   * Tuning of the detector.
   *
   * @param workingWidth   width of the grey image the detector works on, pixels
   * @param diffThreshold  grey-level difference from the background that counts as foreground
   * @param learnSeconds   time constant of background learning where nothing is in front
   * @param absorbSeconds  time constant with which a foreground region fades into the background
   * @param clearSeconds   how long a zone must be clear before its episode ends
   * @param maxChangedShare frames where more than this share of the image changed are skipped
   */
  public record Settings(int workingWidth, double diffThreshold, double learnSeconds, double absorbSeconds,
      double clearSeconds, double maxChangedShare) {

    public static Settings defaults() {
      return new Settings(320, 28, 20, 900, 5, 0.6);
    }
  }

  private final String cameraId;
  private final AlertScene alertScene;
  private final List<Zone> zones;
  private final Settings settings;
  private final Map<String, Episode> episodes = new LinkedHashMap<>();

  private Size size;
  private double scale;
  private Mat background;
  private final List<Mat> zoneMasks = new ArrayList<>();
  private final List<Integer> zoneAreas = new ArrayList<>();
  private long lastTimeMs = Long.MIN_VALUE;

  public ZonePresenceDetector(String cameraId, AlertScene alertScene, List<Zone> zones, Settings settings) {
    if (zones.isEmpty()) {
      throw new IllegalArgumentException("camera " + cameraId + ": a zone detector needs at least one zone");
    }
    this.cameraId = cameraId;
    this.alertScene = alertScene;
    this.zones = List.copyOf(zones);
    this.settings = settings;
    zones.forEach(z -> episodes.put(z.id(), new Episode()));
  }

  @Override
  public List<Detection> onFrame(Frame frame, long timeMs) {
    try (Mat bgr = Images.toMat(frame); Mat grey = toWorkingGrey(bgr, frame)) {
      if (background == null || lastTimeMs == Long.MIN_VALUE || timeMs < lastTimeMs) {
        // First frame, or time went backwards (a looped file): start learning afresh.
        resetBackground(grey);
        lastTimeMs = timeMs;
        return List.of();
      }
      double dtSeconds = Math.max(0.001, (timeMs - lastTimeMs) / 1000.0);
      lastTimeMs = timeMs;
      try (Mat foreground = foreground(grey)) {
        double changed = opencv_core.countNonZero(foreground) / (double) (size.width() * size.height());
        if (changed > settings.maxChangedShare()) {
          // A light switch, an exposure jump or a bumped camera: relearn instead of alerting.
          resetBackground(grey);
          return List.of();
        }
        learn(grey, foreground, dtSeconds);
        return updateZones(foreground, bgr, timeMs);
      }
    }
  }

  private Mat toWorkingGrey(Mat bgr, Frame frame) {
    if (size == null || frame.width() != (int) Math.round(size.width() / scale)) {
      // first frame or a resolution change mid-stream: zone masks depend on the frame size
      size = Images.workingSize(frame.width(), frame.height(), settings.workingWidth());
      scale = size.width() / (double) frame.width();
      zoneMasks.forEach(Mat::close);
      zoneMasks.clear();
      zoneAreas.clear();
      for (Zone z : zones) {
        Mat mask = Images.polygonMask(z.polygon(), scale, size);
        zoneMasks.add(mask);
        zoneAreas.add(Math.max(1, opencv_core.countNonZero(mask)));
      }
      if (background != null) {
        background.close();
        background = null;
      }
    }
    Mat small = new Mat();
    opencv_imgproc.resize(bgr, small, size, 0, 0, opencv_imgproc.INTER_AREA);
    Mat grey = new Mat();
    opencv_imgproc.cvtColor(small, grey, opencv_imgproc.COLOR_BGR2GRAY);
    opencv_imgproc.GaussianBlur(grey, grey, new Size(5, 5), 0);
    small.close();
    return grey;
  }

  private void resetBackground(Mat grey) {
    if (background != null) {
      background.close();
    }
    background = new Mat();
    grey.convertTo(background, CV_32F);
    episodes.values().forEach(Episode::clear);
  }

  private Mat foreground(Mat grey) {
    try (Mat bg8 = new Mat(); Mat diff = new Mat(); Mat kernel = opencv_imgproc.getStructuringElement(
        opencv_imgproc.MORPH_ELLIPSE, new Size(3, 3))) {
      background.convertTo(bg8, CV_8U);
      opencv_core.absdiff(grey, bg8, diff);
      Mat mask = new Mat();
      opencv_imgproc.threshold(diff, mask, settings.diffThreshold(), 255, opencv_imgproc.THRESH_BINARY);
      // Opening removes sensor noise speckles; closing joins an object's broken outline.
      opencv_imgproc.morphologyEx(mask, mask, opencv_imgproc.MORPH_OPEN, kernel);
      opencv_imgproc.morphologyEx(mask, mask, opencv_imgproc.MORPH_CLOSE, kernel);
      return mask;
    }
  }

  private void learn(Mat grey, Mat foreground, double dtSeconds) {
    double learnRate = Math.min(1, dtSeconds / settings.learnSeconds());
    double absorbRate = Math.min(1, dtSeconds / settings.absorbSeconds());
    try (Mat notForeground = new Mat()) {
      opencv_core.bitwise_not(foreground, notForeground);
      opencv_imgproc.accumulateWeighted(grey, background, learnRate, notForeground);
      opencv_imgproc.accumulateWeighted(grey, background, absorbRate, foreground);
    }
  }

  private List<Detection> updateZones(Mat foreground, Mat bgr, long timeMs) {
    List<Detection> out = new ArrayList<>();
    for (int i = 0; i < zones.size(); i++) {
      Zone zone = zones.get(i);
      double coverage;
      try (Mat inZone = new Mat()) {
        opencv_core.bitwise_and(foreground, zoneMasks.get(i), inZone);
        coverage = opencv_core.countNonZero(inZone) / (double) zoneAreas.get(i);
      }
      Episode ep = episodes.get(zone.id());
      if (coverage >= zone.minCoverage()) {
        ep.occupied(timeMs, coverage);
        if (!ep.alerted && timeMs - ep.sinceMs >= Math.round(zone.dwellSeconds() * 1000)) {
          ep.alerted = true;
          out.add(alert(zone, ep, timeMs, bgr, foreground));
        }
      } else if (ep.sinceMs != Long.MIN_VALUE && timeMs - ep.lastOccupiedMs > Math.round(settings.clearSeconds() * 1000)) {
        ep.clear();
      }
    }
    return out;
  }

  private Detection alert(Zone zone, Episode ep, long timeMs, Mat bgr, Mat foreground) {
    double meanCoverage = ep.coverageSum / ep.samples;
    double confidence = Math.min(0.99, 0.5 + 0.5 * Math.min(1.0, meanCoverage / (2 * zone.minCoverage())));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("coverage", round3(meanCoverage));
    details.put("dwellSeconds", round3((timeMs - ep.sinceMs) / 1000.0));
    details.put("detector", "zone-presence");
    Alert alert = Alert.of(cameraId, alertScene, zone.id(), ep.sinceMs, timeMs, round3(confidence), details, timeMs,
        List.of());
    return new Detection(alert, snapshot(zone, bgr, foreground));
  }

  private byte[] snapshot(Zone zone, Mat bgr, Mat foreground) {
    try (Mat image = bgr.clone(); Mat fgFull = new Mat();
        Mat red = new Mat(1, 1, org.bytedeco.opencv.global.opencv_core.CV_8UC3, new Scalar(0, 0, 255, 0))) {
      opencv_imgproc.resize(foreground, fgFull, new Size(bgr.cols(), bgr.rows()), 0, 0, opencv_imgproc.INTER_NEAREST);
      // Tint the foreground red so the occupying region stands out, then outline the zone.
      image.setTo(red, fgFull);
      opencv_core.addWeighted(bgr, 0.6, image, 0.4, 0, image);
      Images.drawPolygon(image, zone.polygon(), 1.0, new Scalar(0, 255, 255, 0), 2);
      return Images.jpeg(image, 85);
    }
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  @Override
  public void close() {
    zoneMasks.forEach(Mat::close);
    zoneMasks.clear();
    if (background != null) {
      background.close();
      background = null;
    }
  }

  /** One zone's current episode: since when it is occupied and whether it has alerted. */
  private static final class Episode {
    long sinceMs = Long.MIN_VALUE;
    long lastOccupiedMs;
    boolean alerted;
    double coverageSum;
    int samples;

    void occupied(long timeMs, double coverage) {
      if (sinceMs == Long.MIN_VALUE) {
        sinceMs = timeMs;
      }
      lastOccupiedMs = timeMs;
      coverageSum += coverage;
      samples++;
    }

    void clear() {
      sinceMs = Long.MIN_VALUE;
      alerted = false;
      coverageSum = 0;
      samples = 0;
    }
  }
}
