package io.gridwatch.analytics.detect;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

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
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Raises an alert when something new stays inside a zone for the zone's dwell time: the first
 * detector of GridWatch, used for shop-front zones (street occupation) and danger zones by the
 * water (river intrusion) until their dedicated detectors replace it.
 *
 * <p>How: each frame is shrunk to a small colour image and compared with a background image;
 * the difference of a pixel is its largest difference over the three colour channels (goods in
 * colour on grey pavement often have the pavement's brightness). The background learns quickly
 * only where the difference is clearly small (below half the threshold), so an object that stays
 * is not absorbed before its dwell time, not even at its faint edges; everything else fades in
 * over {@link Settings#absorbSeconds}, so a permanent change (a new bench) stops counting
 * eventually. A zone
 * is occupied while the foreground covers at least its {@code minCoverage}; an episode starts
 * with the first occupied frame, alerts once after {@code dwellSeconds}, and ends after the zone
 * has been clear for {@link Settings#clearSeconds}.
 *
 * <p>Known limits (handled by the scene detectors of later issues): people passing one after
 * another keep a zone occupied; a sudden global light change makes everything foreground for a
 * while (frames where most of the image changed are skipped for that reason).
 */
public final class ZonePresenceDetector implements Detector {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ZonePresenceDetector.class);

  /**
   * Tuning of the detector.
   *
   * @param workingWidth   width of the image the detector works on, pixels
   * @param diffThreshold  colour-channel difference from the background that counts as foreground
   * @param learnSeconds   time constant of background learning where nothing is in front
   * @param absorbSeconds  time constant with which a foreground region fades into the background
   * @param clearSeconds   how long a zone must be clear before its episode ends
   * @param maxChangedShare frames where more than this share of the image changed are skipped
   * @param staticSeconds  0: anything in the zone counts (a person walking in a danger zone);
   *                       above 0: only pixels that have stayed foreground this long count, so
   *                       people passing by do not start an episode (goods left on a sidewalk)
   */
  public record Settings(int workingWidth, double diffThreshold, double learnSeconds, double absorbSeconds,
      double clearSeconds, double maxChangedShare, double staticSeconds) {

    /** Anything present in the zone counts. */
    public static Settings presence() {
      return new Settings(320, 28, 20, 900, 5, 0.6, 0);
    }

    /** Only what stays put for 3 s counts. */
    public static Settings staticObjects() {
      return new Settings(320, 28, 20, 900, 5, 0.6, 3);
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
  private Mat foregroundAge;
  private Mat previousForeground;

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
    try (Mat bgr = Images.toMat(frame); Mat small = toWorkingImage(bgr, frame)) {
      if (background == null || lastTimeMs == Long.MIN_VALUE || timeMs < lastTimeMs) {
        // First frame, or time went backwards (a looped file): start learning afresh.
        resetBackground(small);
        lastTimeMs = timeMs;
        return List.of();
      }
      double dtSeconds = Math.max(0.001, (timeMs - lastTimeMs) / 1000.0);
      lastTimeMs = timeMs;
      try (Mat diff = difference(small); Mat foreground = foreground(diff)) {
        double changed = opencv_core.countNonZero(foreground) / (double) (size.width() * size.height());
        if (changed > settings.maxChangedShare()) {
          LOG.debug("camera {} t={}: {} of the image changed; relearning the background", cameraId, timeMs, round3(changed));
          // A light switch, an exposure jump or a bumped camera: relearn instead of alerting.
          resetBackground(small);
          return List.of();
        }
        learn(small, diff, dtSeconds);
        if (settings.staticSeconds() <= 0) {
          return updateZones(foreground, bgr, timeMs, 0);
        }
        try (Mat still = stillForeground(foreground, dtSeconds)) {
          // A pixel that counts has been there at least staticSeconds, and at least one sample
          // interval: with sparse sampling the object arrived one interval before it counted.
          return updateZones(still, bgr, timeMs, Math.round(Math.max(settings.staticSeconds(), dtSeconds) * 1000));
        }
      }
    }
  }

  private Mat toWorkingImage(Mat bgr, Frame frame) {
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
    opencv_imgproc.GaussianBlur(small, small, new Size(5, 5), 0);
    return small;
  }

  private void resetBackground(Mat small) {
    if (background != null) {
      background.close();
    }
    background = new Mat();
    small.convertTo(background, CV_32FC3);
    if (foregroundAge != null) {
      foregroundAge.close();
      foregroundAge = null;
      previousForeground.close();
      previousForeground = null;
    }
    episodes.values().forEach(Episode::clear);
  }

  /** Per pixel, the largest absolute difference from the background over B, G and R. */
  private Mat difference(Mat small) {
    try (Mat bg8 = new Mat(); Mat diff3 = new Mat(); MatVector channels = new MatVector()) {
      background.convertTo(bg8, CV_8UC3);
      opencv_core.absdiff(small, bg8, diff3);
      opencv_core.split(diff3, channels);
      Mat diff = channels.get(0).clone();
      opencv_core.max(diff, channels.get(1), diff);
      opencv_core.max(diff, channels.get(2), diff);
      return diff;
    }
  }

  private Mat foreground(Mat diff) {
    try (Mat kernel = opencv_imgproc.getStructuringElement(opencv_imgproc.MORPH_ELLIPSE, new Size(3, 3))) {
      Mat mask = new Mat();
      opencv_imgproc.threshold(diff, mask, settings.diffThreshold(), 255, opencv_imgproc.THRESH_BINARY);
      // Opening removes sensor noise speckles; closing joins an object's broken outline.
      opencv_imgproc.morphologyEx(mask, mask, opencv_imgproc.MORPH_OPEN, kernel);
      opencv_imgproc.morphologyEx(mask, mask, opencv_imgproc.MORPH_CLOSE, kernel);
      return mask;
    }
  }

  private void learn(Mat small, Mat diff, double dtSeconds) {
    double learnRate = Math.min(1, dtSeconds / settings.learnSeconds());
    double absorbRate = Math.min(1, dtSeconds / settings.absorbSeconds());
    try (Mat settled = new Mat(); Mat unsettled = new Mat()) {
      // Hysteresis: only clearly unchanged pixels learn fast; faint ones (an object's edges,
      // its shadow) would otherwise be learned first and eat the object from the outside in.
      opencv_imgproc.threshold(diff, settled, settings.diffThreshold() / 2, 255, opencv_imgproc.THRESH_BINARY_INV);
      opencv_core.bitwise_not(settled, unsettled);
      opencv_imgproc.accumulateWeighted(small, background, learnRate, settled);
      opencv_imgproc.accumulateWeighted(small, background, absorbRate, unsettled);
    }
  }

  /**
   * Pixels that have been foreground for at least {@code staticSeconds}: a pixel's age is 0 when
   * it is first seen in the foreground and grows by the interval between samples while it stays
   * there. So a passer-by seen in one sample never counts, whatever the sampling interval.
   */
  private Mat stillForeground(Mat foreground, double dtSeconds) {
    if (foregroundAge == null || foregroundAge.rows() != foreground.rows() || foregroundAge.cols() != foreground.cols()) {
      if (foregroundAge != null) {
        foregroundAge.close();
        previousForeground.close();
      }
      foregroundAge = new Mat(foreground.rows(), foreground.cols(), org.bytedeco.opencv.global.opencv_core.CV_32F,
          new Scalar(0.0));
      previousForeground = new Mat(foreground.rows(), foreground.cols(), org.bytedeco.opencv.global.opencv_core.CV_8U,
          new Scalar(0.0));
    }
    try (Mat notForeground = new Mat(); Mat staying = new Mat(); Mat zero = new Mat(1, 1,
        org.bytedeco.opencv.global.opencv_core.CV_32F, new Scalar(0.0)); Mat step = new Mat(foreground.rows(),
        foreground.cols(), org.bytedeco.opencv.global.opencv_core.CV_32F, new Scalar(dtSeconds))) {
      opencv_core.bitwise_not(foreground, notForeground);
      opencv_core.bitwise_and(foreground, previousForeground, staying);
      foregroundAge.setTo(zero, notForeground);
      opencv_core.add(foregroundAge, step, foregroundAge, staying, -1);
      foreground.copyTo(previousForeground);
    }
    Mat still = new Mat();
    opencv_imgproc.threshold(foregroundAge, still, settings.staticSeconds() - 1e-3, 255, opencv_imgproc.THRESH_BINARY);
    still.convertTo(still, org.bytedeco.opencv.global.opencv_core.CV_8U);
    return still;
  }

  /**
   * @param backdateMs how long the counted pixels had already been there when they first counted
   */
  private List<Detection> updateZones(Mat foreground, Mat bgr, long timeMs, long backdateMs) {
    List<Detection> out = new ArrayList<>();
    for (int i = 0; i < zones.size(); i++) {
      Zone zone = zones.get(i);
      double coverage;
      try (Mat inZone = new Mat()) {
        opencv_core.bitwise_and(foreground, zoneMasks.get(i), inZone);
        coverage = opencv_core.countNonZero(inZone) / (double) zoneAreas.get(i);
      }
      Episode ep = episodes.get(zone.id());
      LOG.debug("camera {} t={} zone {}: coverage {}", cameraId, timeMs, zone.id(), round3(coverage));
      if (coverage >= zone.minCoverage()) {
        ep.occupied(timeMs, backdateMs, coverage);
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
    if (foregroundAge != null) {
      foregroundAge.close();
      foregroundAge = null;
      previousForeground.close();
      previousForeground = null;
    }
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

    void occupied(long timeMs, long backdateMs, double coverage) {
      if (sinceMs == Long.MIN_VALUE) {
        sinceMs = timeMs - backdateMs;
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
