package io.gridwatch.analytics.detect.river;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;

import io.gridwatch.analytics.detect.Detection;
import io.gridwatch.analytics.vision.Images;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.config.WaterLevel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Reads the waterline in the gauge region and raises {@code water-level} when it stays above the
 * alarm line for {@code sustainSeconds}.
 *
 * <p>How: water moves and a wall or a gauge staff does not. For each sampled frame, each row of
 * the gauge region gets its mean absolute change since the previous sample (an activity profile,
 * high below the waterline, sensor noise above it). The waterline is where that profile steps up
 * the most: the row with the largest vertical gradient of the profile, taken as the difference
 * between the mean of a few rows below and a few rows above. A region that moves all over
 * (flooded beyond its top) reads as its top row; one without a clear step gives no reading. The
 * level the alarm uses is the median of the readings of the last {@link Settings#medianSeconds},
 * so a wave, a passing boat or a bird on the staff does not move it.
 *
 * <p>Alarm: raised once the median has stayed above the line for {@code sustainSeconds}; the
 * alert's start is when it first went above. It clears only after the median has stayed at least
 * {@code hysteresis} pixels below the line for {@code sustainSeconds}, so a level hovering at the
 * line raises one alert, not one per wave.
 */
final class WaterLevelDetector implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WaterLevelDetector.class);

  /**
   * @param medianSeconds  window of the median over readings
   * @param minStep        smallest step of the activity profile (grey levels) that is a waterline
   * @param floodedActivity activity (grey levels) of the region's top rows above which it is all water
   */
  record Settings(double medianSeconds, double minStep, double floodedActivity) {
    static Settings defaults() {
      return new Settings(20, 4, 10);
    }
  }

  private static final int MAX_READINGS = 256;

  private final String cameraId;
  private final WaterLevel config;
  private final Settings settings;
  private final ArrayDeque<long[]> readings = new ArrayDeque<>(); // {timeMs, row * 10}

  private Rect roi;
  private Mat previous;
  private long aboveSinceMs = Long.MIN_VALUE;
  private long belowSinceMs = Long.MIN_VALUE;
  private boolean alarmed;
  private double lastLevel = Double.NaN;
  /** State kept before a restart, taken again on the first frame (which starts the readings afresh). */
  private RiverState.Level restored;

  WaterLevelDetector(String cameraId, WaterLevel config, Settings settings) {
    this.cameraId = cameraId;
    this.config = config;
    this.settings = settings;
  }

  /** The current median waterline row (full-resolution pixels), or NaN before the first reading. */
  double level() {
    return lastLevel;
  }

  boolean alarmed() {
    return alarmed;
  }

  /** Readings kept for the median: bounded by the window and {@value #MAX_READINGS}. */
  int readingsKept() {
    return readings.size();
  }

  void reset() {
    if (previous != null) {
      previous.close();
      previous = null;
    }
    readings.clear();
    // The alarm state stays: a restart of learning does not mean the water went down.
    aboveSinceMs = alarmed ? aboveSinceMs : Long.MIN_VALUE;
    belowSinceMs = Long.MIN_VALUE;
  }

  List<Detection> onFrame(Mat bgr, long timeMs) {
    if (roi == null || roi.x() + roi.width() > bgr.cols() || roi.y() + roi.height() > bgr.rows()) {
      roi = RiverGeometry.clippedBounds(config.gaugeRegion(), bgr.cols(), bgr.rows(), 0);
      reset();
      takeRestored();
    }
    if (roi.width() < 2 || roi.height() < 8) {
      return List.of();
    }
    double reading;
    try (Mat crop = new Mat(bgr, roi); Mat grey = new Mat()) {
      opencv_imgproc.cvtColor(crop, grey, opencv_imgproc.COLOR_BGR2GRAY);
      grey.convertTo(grey, CV_32F);
      if (previous == null) {
        previous = grey.clone();
        return List.of();
      }
      reading = waterline(grey, previous);
      grey.copyTo(previous);
    }
    if (!Double.isNaN(reading)) {
      readings.addLast(new long[] {timeMs, Math.round(reading * 10)});
    }
    long windowMs = Math.round(settings.medianSeconds() * 1000);
    while (!readings.isEmpty() && (readings.peekFirst()[0] < timeMs - windowMs || readings.size() > MAX_READINGS)) {
      readings.removeFirst();
    }
    if (readings.isEmpty()) {
      return List.of();
    }
    double level = median();
    lastLevel = level;
    return judge(level, timeMs, bgr);
  }

  /** The waterline row in full-resolution pixels, or NaN when this sample shows none. */
  private double waterline(Mat grey, Mat prev) {
    int rows = grey.rows();
    double[] activity = new double[rows];
    try (Mat diff = new Mat(); Mat rowMeans = new Mat()) {
      opencv_core.absdiff(grey, prev, diff);
      opencv_core.reduce(diff, rowMeans, 1, opencv_core.REDUCE_AVG, CV_32F);
      try (FloatIndexer idx = rowMeans.createIndexer()) {
        for (int y = 0; y < rows; y++) {
          activity[y] = idx.get(y, 0);
        }
      }
    }
    int k = Math.max(2, rows / 16);
    double top = mean(activity, 0, k);
    if (top >= settings.floodedActivity() && mean(activity, rows - k, rows) >= settings.floodedActivity()) {
      return roi.y(); // water over the whole region: at least as high as its top
    }
    int best = -1;
    double bestStep = settings.minStep();
    for (int y = k; y <= rows - k; y++) {
      double below = mean(activity, y, y + k);
      double above = mean(activity, y - k, y);
      double step = below - above;
      // the water's side must be busy, not just busier than a quiet wall
      if (step > bestStep && below >= 2 * above) {
        bestStep = step;
        best = y;
      }
    }
    return best < 0 ? Double.NaN : roi.y() + best;
  }

  private static double mean(double[] v, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += v[i];
    }
    return s / Math.max(1, to - from);
  }

  private double median() {
    long[] ys = new long[readings.size()];
    int i = 0;
    for (long[] r : readings) {
      ys[i++] = r[1];
    }
    Arrays.sort(ys);
    return ys[ys.length / 2] / 10.0;
  }

  private List<Detection> judge(double level, long timeMs, Mat bgr) {
    double lineY = config.lineYAt(roi.x() + roi.width() / 2.0);
    double hysteresis = config.hysteresis() != null ? config.hysteresis() : Math.max(2, 0.04 * roi.height());
    long sustainMs = Math.round(config.sustainSeconds() * 1000);
    boolean above = level < lineY; // image rows grow downwards: higher water, smaller row
    if (!alarmed) {
      if (!above) {
        aboveSinceMs = Long.MIN_VALUE;
        return List.of();
      }
      if (aboveSinceMs == Long.MIN_VALUE) {
        aboveSinceMs = timeMs;
      }
      if (timeMs - aboveSinceMs < sustainMs) {
        return List.of();
      }
      alarmed = true;
      belowSinceMs = Long.MIN_VALUE;
      return List.of(alert(level, lineY, timeMs, bgr));
    }
    if (level > lineY + hysteresis) {
      if (belowSinceMs == Long.MIN_VALUE) {
        belowSinceMs = timeMs;
      }
      if (timeMs - belowSinceMs >= sustainMs) {
        alarmed = false;
        aboveSinceMs = Long.MIN_VALUE;
        LOG.info("camera {}: water level back below the alarm line (row {}, line {})", cameraId, round1(level),
            round1(lineY));
      }
    } else {
      belowSinceMs = Long.MIN_VALUE;
    }
    return List.of();
  }

  private Detection alert(double level, double lineY, long timeMs, Mat bgr) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("waterlineY", round1(level));
    details.put("alarmLineY", round1(lineY));
    details.put("abovePx", round1(lineY - level));
    details.put("sustainedSeconds", round1((timeMs - aboveSinceMs) / 1000.0));
    details.put("readings", readings.size());
    details.put("detector", "river");
    double confidence = Math.min(0.99, 0.6 + 0.1 * (lineY - level));
    Alert alert = Alert.of(cameraId, AlertScene.WATER_LEVEL, null, aboveSinceMs, timeMs, round3(confidence), details,
        timeMs, List.of());
    return new Detection(alert, snapshot(bgr, level, lineY));
  }

  private byte[] snapshot(Mat bgr, double level, double lineY) {
    try (Mat image = bgr.clone()) {
      Images.drawPolygon(image, config.gaugeRegion(), 1.0, new Scalar(255, 255, 0, 0), 1);
      int x0 = roi.x();
      int x1 = roi.x() + roi.width();
      opencv_imgproc.line(image, new Point(x0, (int) Math.round(config.lineYAt(x0))),
          new Point(x1, (int) Math.round(config.lineYAt(x1))), new Scalar(0, 0, 255, 0), 2, opencv_imgproc.LINE_AA, 0);
      opencv_imgproc.line(image, new Point(x0, (int) Math.round(level)), new Point(x1, (int) Math.round(level)),
          new Scalar(255, 128, 0, 0), 2, opencv_imgproc.LINE_AA, 0);
      return Images.jpeg(image, 85);
    }
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** The alarm and the median window, with the line and gauge they belong to. */
  RiverState.Level kept() {
    return new RiverState.Level(config.line(), config.gaugeRegion(), alarmed, aboveSinceMs, belowSinceMs, lastLevel,
        readings.stream().map(long[]::clone).toList());
  }

  /** Takes the state kept before a restart if it was read on the same line and gauge. */
  boolean restore(RiverState.Level kept) {
    if (!kept.fits(config)) {
      return false;
    }
    restored = kept;
    takeRestored();
    return true;
  }

  private void takeRestored() {
    RiverState.Level k = restored;
    if (k == null) {
      return;
    }
    alarmed = k.alarmed();
    aboveSinceMs = k.aboveSinceMs();
    belowSinceMs = k.belowSinceMs();
    lastLevel = k.lastLevel();
    readings.clear();
    k.readings().stream().limit(MAX_READINGS).forEach(r -> readings.addLast(r.clone()));
    if (roi != null) {
      restored = null; // taken for good once the first frame has set the gauge up
    }
  }

  @Override
  public void close() {
    if (previous != null) {
      previous.close();
      previous = null;
    }
  }
}
