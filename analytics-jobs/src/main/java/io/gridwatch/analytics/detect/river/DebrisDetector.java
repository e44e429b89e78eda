package io.gridwatch.analytics.detect.river;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.gridwatch.analytics.detect.Detection;
import io.gridwatch.analytics.vision.Images;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.config.Polygon;
import io.gridwatch.contracts.config.RiverDebris;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Raises {@code river-debris} for something floating on the water polygon that is followed for
 * {@code persistSeconds} while it drifts.
 *
 * <p>How: the water region, at most {@value #WORKING_WIDTH} px wide for the whole frame, is
 * compared with a per-pixel model of the water: a running mean colour and a running mean
 * deviation from it, so ripples and wave crests, which make a pixel deviate often, raise that
 * pixel's own threshold. A pixel that turns foreground and back again and again (sun glare
 * flickering on waves, crests) gets a high flicker rate and is masked. The remaining foreground
 * forms blobs, which are followed from sample to sample by their predicted position. A track
 * becomes debris when it has been seen in most samples for {@code persistSeconds}, has moved at
 * least twice its own size, mostly in one direction (it drifts: glare that stays put does not),
 * at a steady velocity (a track hopping between ripple crests or glints does not), and kept a
 * steady size (glare that flickers does not). A white track must also drift with the current
 * that coloured debris has shown this camera (a glint creeps along far slower). Each track alerts
 * once, with the area it covers; the detector keeps a per-day summary of what it saw ({@link
 * DebrisDay}).
 */
final class DebrisDetector implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DebrisDetector.class);

  static final int WORKING_WIDTH = 640;
  static final int MAX_TRACKS = 64;
  static final int MAX_POINTS = 64;

  /**
   * @param learnSeconds   time constant of the water's mean colour and deviation
   * @param minDiff        smallest colour difference that counts, grey levels
   * @param deviations     how many mean deviations a pixel must differ by
   * @param flickerSeconds time constant of the flicker rate
   * @param maxFlicker     flicker rate above which a pixel is masked
   * @param minSeenShare   share of samples a debris track must have been seen in
   * @param minStraightness net displacement / path length of a debris track
   * @param maxAreaSpread  coefficient of variation of a debris track's area
   * @param maxChangedShare share of the water changed at once above which the model is relearned
   * @param maxWobble      distance (working pixels, plus a tenth of the object's size) a debris
   *                       track's recent points may lie from a line walked at constant speed
   * @param maxWhiteAreaSpread coefficient of variation of a white debris track's area
   * @param minShareOfCurrent share of the speed of the coloured debris seen nearest its row a
   *                       white track must drift at
   */
  record Settings(double learnSeconds, double minDiff, double deviations, double flickerSeconds, double maxFlicker,
      double minSeenShare, double minStraightness, double maxAreaSpread, double maxChangedShare, double maxWobble,
      double maxWhiteAreaSpread, double minShareOfCurrent) {
    static Settings defaults() {
      return new Settings(20, 22, 3.0, 10, 0.2, 0.75, 0.6, 0.6, 0.3, 1.5, 0.25, 0.4);
    }
  }

  private final String cameraId;
  private final Polygon water;
  private final RiverDebris config;
  private final Settings settings;
  private final DebrisDay.Book days = new DebrisDay.Book();
  private final List<Track> tracks = new ArrayList<>();
  /** Objects already alerted on, followed on by prediction: a broken track must not alert twice. */
  private final java.util.ArrayDeque<double[]> alerted = new java.util.ArrayDeque<>(); // {ms, x, y, vx, vy, size}
  /**
   * Rows and speeds (working pixels per second) of the last coloured objects judged debris: the
   * current as this camera sees it. Glints are white, so white tracks are not taken as evidence.
   */
  private final java.util.ArrayDeque<double[]> current = new java.util.ArrayDeque<>(); // {y, speed}
  private long nextTrackId;

  private Rect crop; // full-resolution box of the water
  private double scale;
  private Size size;
  private Mat waterMask;
  private double waterAreaFull;
  private Mat mean;
  private Mat deviation;
  private Mat flicker;
  private Mat previousForeground;
  private long modelSinceMs;
  private long lastStartMs = Long.MIN_VALUE;

  DebrisDetector(String cameraId, Polygon water, RiverDebris config, Settings settings) {
    this.cameraId = cameraId;
    this.water = water;
    this.config = config;
    this.settings = settings;
  }

  DebrisDay.Book days() {
    return days;
  }

  int trackCount() {
    return tracks.size();
  }

  List<Detection> onFrame(Mat bgr, long timeMs, double dtSeconds) {
    if (crop == null || crop.x() + crop.width() > bgr.cols() || crop.y() + crop.height() > bgr.rows()) {
      setUp(bgr);
    }
    if (size.width() < 4 || size.height() < 4) {
      return List.of();
    }
    days.roll(timeMs, cameraId);
    try (Mat region = new Mat(bgr, crop); Mat small = new Mat()) {
      opencv_imgproc.resize(region, small, size, 0, 0, opencv_imgproc.INTER_AREA);
      if (mean == null) {
        startModel(small);
        modelSinceMs = timeMs;
        return List.of();
      }
      try (Mat diff = difference(small); Mat fg = foreground(diff)) {
        double changed = opencv_core.countNonZero(fg) / Math.max(1.0, opencv_core.countNonZero(waterMask));
        if (changed > settings.maxChangedShare()) {
          LOG.debug("camera {} t={}: {} of the water changed; relearning", cameraId, timeMs, changed);
          startModel(small);
          modelSinceMs = timeMs;
          tracks.clear();
          return List.of();
        }
        learn(small, diff, fg, dtSeconds);
        try (Mat steady = steadyForeground(fg, dtSeconds)) {
          if (timeMs - modelSinceMs < Math.round(settings.learnSeconds() * 1000)) {
            return List.of(); // the water's model is still forming: everything would look new
          }
          List<Blob> blobs = blobs(steady, small);
          follow(blobs, timeMs);
          return judge(timeMs, bgr);
        }
      }
    }
  }

  private void setUp(Mat bgr) {
    close();
    tracks.clear();
    crop = RiverGeometry.clippedBounds(water, bgr.cols(), bgr.rows(), 0);
    scale = Math.min(1.0, WORKING_WIDTH / (double) bgr.cols());
    size = new Size(Math.max(1, (int) Math.round(crop.width() * scale)), Math.max(1, (int) Math.round(crop.height() * scale)));
    List<io.gridwatch.contracts.config.Point> shifted = new ArrayList<>();
    for (io.gridwatch.contracts.config.Point p : water.points()) {
      shifted.add(new io.gridwatch.contracts.config.Point(Math.max(0, p.x() - crop.x()), Math.max(0, p.y() - crop.y())));
    }
    waterMask = Images.polygonMask(new Polygon(shifted), scale, size);
    waterAreaFull = Math.max(1, water.area());
  }

  private void startModel(Mat small) {
    closeModel();
    mean = new Mat();
    small.convertTo(mean, CV_32FC3);
    deviation = new Mat(size.height(), size.width(), CV_32F, new Scalar(settings.minDiff()));
    flicker = new Mat(size.height(), size.width(), CV_32F, new Scalar(0.0));
    previousForeground = new Mat(size.height(), size.width(), CV_8U, new Scalar(0.0));
  }

  /** Largest absolute difference from the mean over B, G and R, as float. */
  private Mat difference(Mat small) {
    try (Mat mean8 = new Mat(); Mat diff3 = new Mat(); MatVector ch = new MatVector()) {
      mean.convertTo(mean8, CV_8UC3);
      opencv_core.absdiff(small, mean8, diff3);
      opencv_core.split(diff3, ch);
      Mat diff = ch.get(0).clone();
      opencv_core.max(diff, ch.get(1), diff);
      opencv_core.max(diff, ch.get(2), diff);
      diff.convertTo(diff, CV_32F);
      return diff;
    }
  }

  /** Pixels that differ by more than {@code minDiff} and {@code deviations} mean deviations, on the water. */
  private Mat foreground(Mat diff) {
    Mat fg = new Mat();
    try (Mat limit = new Mat(); Mat floor = new Mat(size.height(), size.width(), CV_32F, new Scalar(settings.minDiff()))) {
      deviation.convertTo(limit, CV_32F, settings.deviations(), 0);
      opencv_core.max(limit, floor, limit);
      opencv_core.compare(diff, limit, fg, opencv_core.CMP_GT);
    }
    opencv_core.bitwise_and(fg, waterMask, fg);
    return fg;
  }

  private void learn(Mat small, Mat diff, Mat fg, double dtSeconds) {
    double rate = Math.min(1, dtSeconds / settings.learnSeconds());
    try (Mat bg = new Mat()) {
      opencv_core.bitwise_not(fg, bg);
      // the mean learns only where nothing floats, so a slow object is not learned into the water
      opencv_imgproc.accumulateWeighted(small, mean, rate, bg);
      // the deviation learns everywhere, but a floating object's large difference is capped
      try (Mat capped = new Mat()) {
        opencv_imgproc.threshold(diff, capped, 4 * settings.minDiff(), 0, opencv_imgproc.THRESH_TRUNC);
        opencv_imgproc.accumulateWeighted(capped, deviation, rate / 4, bg);
      }
    }
  }

  /** Foreground without flickering pixels, and the flicker rate updated. */
  private Mat steadyForeground(Mat fg, double dtSeconds) {
    // Masked by the rate of earlier toggles only: an object arriving on a pixel toggles it once,
    // and that toggle must not hide the object itself (a fast object covers new pixels on every
    // sample), while ripples and glints have toggled the same pixels again and again before.
    Mat steady = new Mat();
    try (Mat calm = new Mat()) {
      opencv_imgproc.threshold(flicker, calm, settings.maxFlicker(), 255, opencv_imgproc.THRESH_BINARY_INV);
      calm.convertTo(calm, CV_8U);
      opencv_core.bitwise_and(fg, calm, steady);
    }
    double rate = Math.min(1, dtSeconds / settings.flickerSeconds());
    try (Mat toggled = new Mat(); Mat toggledF = new Mat()) {
      opencv_core.bitwise_xor(fg, previousForeground, toggled);
      toggled.convertTo(toggledF, CV_32F, 1 / 255.0, 0);
      opencv_imgproc.accumulateWeighted(toggledF, flicker, rate);
      fg.copyTo(previousForeground);
    }
    try (Mat kernel = opencv_imgproc.getStructuringElement(opencv_imgproc.MORPH_RECT, new Size(3, 3))) {
      // joins the parts of one object (a branch's twigs, foam's bubbles)
      opencv_imgproc.morphologyEx(steady, steady, opencv_imgproc.MORPH_CLOSE, kernel);
    }
    return steady;
  }

  private List<Blob> blobs(Mat steady, Mat small) {
    List<Blob> blobs = new ArrayList<>();
    double minArea = config.minArea() * scale * scale;
    double maxArea = 0.05 * size.width() * size.height();
    try (Mat labels = new Mat(); Mat stats = new Mat(); Mat centroids = new Mat()) {
      int n = opencv_imgproc.connectedComponentsWithStats(steady, labels, stats, centroids, 8, opencv_core.CV_32S);
      try (IntIndexer s = stats.createIndexer(); DoubleIndexer c = centroids.createIndexer()) {
        for (int i = 1; i < n; i++) {
          int area = s.get(i, opencv_imgproc.CC_STAT_AREA);
          if (area < minArea || area > maxArea) {
            continue;
          }
          Rect box = new Rect(s.get(i, opencv_imgproc.CC_STAT_LEFT), s.get(i, opencv_imgproc.CC_STAT_TOP),
              s.get(i, opencv_imgproc.CC_STAT_WIDTH), s.get(i, opencv_imgproc.CC_STAT_HEIGHT));
          int look = look(labels, i, box, small);
          if (look == STREAK) {
            continue;
          }
          // an object cut by the edge of the view is only partly seen: its centre is off
          boolean edge = box.x() <= 0 || box.y() <= 0 || box.x() + box.width() >= size.width()
              || box.y() + box.height() >= size.height();
          blobs.add(new Blob(c.get(i, 0), c.get(i, 1), area, box.x(), box.y(), box.width(), box.height(),
              look == WHITE, edge));
        }
      }
    }
    return blobs;
  }

  private static final int COLOURED = 0;
  private static final int WHITE = 1;
  private static final int STREAK = 2;

  /**
   * How a blob changed the water. {@code STREAK}: brighter without changing colour, in a streak
   * much longer than wide: sky reflected on a wave crest, dropped at once. {@code WHITE}: brighter
   * without changing colour, compact: foam or a white bottle, but also a sun glint, so a track of
   * such blobs must be seen on every sample and travel far. {@code
   * COLOURED}: anything else (a branch, a coloured bottle or bag).
   */
  private int look(Mat labels, int label, Rect box, Mat small) {
    try (Mat labelPart = new Mat(labels, box); Mat mask = new Mat(); Mat now = new Mat(small, box);
        Mat before = new Mat(mean, box); Mat value = new Mat(1, 1, opencv_core.CV_32S, new Scalar(label))) {
      opencv_core.compare(labelPart, value, mask, opencv_core.CMP_EQ);
      Scalar a = opencv_core.mean(now, mask);
      Scalar b = opencv_core.mean(before, mask);
      double d0 = a.get(0) - b.get(0);
      double d1 = a.get(1) - b.get(1);
      double d2 = a.get(2) - b.get(2);
      double brighter = (d0 + d1 + d2) / 3;
      double tint = Math.max(d0, Math.max(d1, d2)) - Math.min(d0, Math.min(d1, d2));
      if (brighter <= 0 || tint > 0.35 * brighter) {
        return COLOURED;
      }
      org.bytedeco.opencv.opencv_core.Moments m = opencv_imgproc.moments(mask, true);
      if (m.m00() <= 0) {
        return WHITE;
      }
      double mu20 = m.mu20() / m.m00();
      double mu02 = m.mu02() / m.m00();
      double mu11 = m.mu11() / m.m00();
      double common = Math.sqrt(4 * mu11 * mu11 + (mu20 - mu02) * (mu20 - mu02));
      double major = (mu20 + mu02 + common) / 2;
      double minor = Math.max(0.05, (mu20 + mu02 - common) / 2);
      return Math.sqrt(major / minor) >= 3 ? STREAK : WHITE;
    }
  }

  /** Joins blobs to tracks by predicted position, nearest first; the rest start tracks. */
  private void follow(List<Blob> blobs, long timeMs) {
    boolean[] used = new boolean[blobs.size()];
    tracks.sort(Comparator.comparingInt((Track t) -> -t.hits));
    double maxJump = 0.15 * size.width();
    for (Track t : tracks) {
      t.samples++;
      double dt = (timeMs - t.lastMs) / 1000.0;
      double px = t.x + t.vx * dt;
      double py = t.y + t.vy * dt;
      double gate = t.hits >= 2
          ? 2 * Math.sqrt(t.lastArea) + 0.5 * Math.hypot(t.vx, t.vy) * dt + 4
          : maxJump;
      int best = -1;
      double bestD = gate;
      for (int i = 0; i < blobs.size(); i++) {
        Blob b = blobs.get(i);
        if (used[i]) {
          continue;
        }
        double ratio = b.area / t.lastArea;
        if (ratio < 1 / 3.0 || ratio > 3) {
          continue;
        }
        double d = Math.hypot(b.x - px, b.y - py);
        if (d < bestD) {
          bestD = d;
          best = i;
        }
      }
      if (best >= 0) {
        used[best] = true;
        t.add(blobs.get(best), timeMs);
      }
    }
    tracks.removeIf(t -> {
      boolean lost = timeMs - t.lastMs > 6_000;
      if (lost && !t.alerted && t.hits >= 4 && LOG.isDebugEnabled()) {
        LOG.debug("camera {} t={} track {} from {} lost unalerted: hits {}/{} net {} size {} wobble {} spread {} white {}",
            cameraId, timeMs, t.id, t.firstMs, t.hits, t.samples, Math.hypot(t.x - t.x0, t.y - t.y0),
            Math.sqrt(t.meanArea()), t.wobble(t.lastMs - 6_000), t.areaSpread(), t.whiteHits);
      }
      return lost;
    });
    for (int i = 0; i < blobs.size(); i++) {
      if (!used[i] && tracks.size() < MAX_TRACKS) {
        tracks.add(new Track(nextTrackId++, blobs.get(i), timeMs));
      }
    }
  }

  private List<Detection> judge(long timeMs, Mat bgr) {
    List<Detection> out = new ArrayList<>();
    long persistMs = Math.round(config.persistSeconds() * 1000);
    for (Track t : tracks) {
      if (t.alerted || t.lastMs != timeMs || t.lastMs - t.firstMs < persistMs) {
        continue;
      }
      double seen = t.hits / (double) t.samples;
      double net = Math.hypot(t.x - t.x0, t.y - t.y0);
      double size = Math.sqrt(t.meanArea());
      double straightness = net / Math.max(1e-6, t.pathLength);
      double spread = t.areaSpread();
      boolean white = 2 * t.whiteHits > t.hits;
      // Small blobs are near the noise floor, and white ones may be glints: both must be seen on
      // (almost) every sample. White ones must also travel several times their own size, as
      // floating foam does and a cluster of glints drifting slowly on a wave band does not.
      boolean small = t.meanArea() < 4 * config.minArea() * scale * scale;
      double needSeen = small || white ? 0.95 : settings.minSeenShare();
      double needTravel = (white ? 5 : 2) * size;
      // Carried by the current, a floating object moves at a steady velocity over seconds: the
      // last persistSeconds of its path lie on a straight line walked at constant speed, within
      // its bobbing and a pixel of measurement. A track that hops between glints or ripple
      // crests does not.
      // A white track is held to its whole life: foam carried by the current drifts steadily from
      // the moment it is seen, while a track of glints may start with a hop from one glint to
      // another and only then settle on a slow wave band (its net travel is mostly that hop).
      double wobble = t.wobble(white ? t.firstMs : timeMs - persistMs);
      double maxWobble = settings.maxWobble() + 0.1 * size;
      // A floating white object keeps its size; a cluster of glints, each flashing on and off,
      // does not, even when it drifts slowly and steadily on a wave band.
      double maxSpread = white ? settings.maxWhiteAreaSpread() : settings.maxAreaSpread();
      // The current carries floating things at its own speed; a glint drifts far slower (it is a
      // reflection of the sun, held in place by the view's geometry). Once coloured debris has
      // shown this camera's current, a white track much slower than the debris seen nearest its
      // row is a glint, not foam.
      double speed = net / Math.max(0.001, (t.lastMs - t.firstMs) / 1000.0);
      boolean withCurrent = !white || speed >= settings.minShareOfCurrent() * currentNear(t.y);
      if (seen >= needSeen && net >= needTravel && net >= 4 && wobble <= maxWobble && withCurrent
          && straightness >= settings.minStraightness() && spread <= maxSpread) {
        if (LOG.isDebugEnabled()) {
          LOG.debug("camera {} t={} debris track {} from {}: seen {} net {} size {} straight {} spread {} white {}/{} "
              + "wobble {} speed {} points (s, x, y, area) {}", cameraId, timeMs, t.id, t.firstMs, seen, net, size,
              straightness, spread, t.whiteHits, t.hits, wobble, speed, t.points.stream().map(p -> String.format(
                  java.util.Locale.ROOT, "(%.0f,%.1f,%.1f,%.0f)", p[0] / 1000, p[1], p[2], p[3])).toList());
        }
        t.alerted = true;
        if (alreadyAlerted(t, timeMs)) {
          continue;
        }
        remember(t, timeMs);
        if (!white) {
          current.addLast(new double[] {t.y, speed});
          while (current.size() > 16) {
            current.removeFirst();
          }
        }
        out.add(alert(t, timeMs, bgr));
      }
    }
    return out;
  }

  /** Speed of the coloured debris seen nearest row {@code y} (working pixels per second), 0 before any. */
  private double currentNear(double y) {
    double best = 0;
    double bestD = Double.MAX_VALUE;
    for (double[] c : current) {
      double d = Math.abs(c[0] - y);
      if (d < bestD) {
        bestD = d;
        best = c[1];
      }
    }
    return best;
  }

  private boolean alreadyAlerted(Track t, long timeMs) {
    alerted.removeIf(a -> timeMs - a[0] > 120_000);
    double size = Math.sqrt(t.meanArea());
    for (double[] a : alerted) {
      double dt = (timeMs - a[0]) / 1000.0;
      double px = a[1] + a[3] * dt;
      double py = a[2] + a[4] * dt;
      double gate = 3 * Math.max(size, a[5]) + 0.3 * Math.hypot(a[3], a[4]) * dt + 6;
      if (Math.hypot(t.x - px, t.y - py) <= gate) {
        return true;
      }
    }
    return false;
  }

  private void remember(Track t, long timeMs) {
    double span = Math.max(0.001, (t.lastMs - t.firstMs) / 1000.0);
    alerted.addLast(new double[] {timeMs, t.x, t.y, (t.x - t.x0) / span, (t.y - t.y0) / span, Math.sqrt(t.meanArea())});
    while (alerted.size() > 16) {
      alerted.removeFirst();
    }
  }

  private Detection alert(Track t, long timeMs, Mat bgr) {
    double areaFull = t.meanArea() / (scale * scale);
    DebrisDay day = days.record(timeMs, cameraId, areaFull / waterAreaFull);
    double speed = Math.hypot(t.x - t.x0, t.y - t.y0) / scale / Math.max(0.001, (t.lastMs - t.firstMs) / 1000.0);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("coveredAreaPx", Math.round(areaFull));
    details.put("coveredShare", round4(areaFull / waterAreaFull));
    details.put("followedSeconds", WaterLevelDetector.round1((t.lastMs - t.firstMs) / 1000.0));
    details.put("driftPxPerSecond", WaterLevelDetector.round1(speed));
    details.put("driftDirectionDeg", Math.round(Math.toDegrees(Math.atan2(t.y - t.y0, t.x - t.x0))));
    details.put("daySummary", day.summary());
    details.put("detector", "river");
    double seen = t.hits / (double) t.samples;
    double confidence = Math.min(0.99, 0.5 + 0.5 * seen * Math.min(1, t.hits / 8.0));
    // two objects first seen on the same frame must not share an alert id (it derives from the start)
    long startMs = Math.max(t.firstMs, lastStartMs == Long.MIN_VALUE ? t.firstMs : lastStartMs + 1);
    lastStartMs = startMs;
    Alert alert = Alert.of(cameraId, AlertScene.RIVER_DEBRIS, null, startMs, Math.max(startMs, timeMs),
        WaterLevelDetector.round3(confidence), details, timeMs, List.of());
    return new Detection(alert, snapshot(t, bgr));
  }

  private byte[] snapshot(Track t, Mat bgr) {
    try (Mat image = bgr.clone()) {
      Images.drawPolygon(image, water, 1.0, new Scalar(255, 200, 0, 0), 2);
      int x = (int) Math.round(crop.x() + t.box[0] / scale);
      int y = (int) Math.round(crop.y() + t.box[1] / scale);
      int w = (int) Math.round(t.box[2] / scale);
      int h = (int) Math.round(t.box[3] / scale);
      opencv_imgproc.rectangle(image, new Point(x - 3, y - 3), new Point(x + w + 3, y + h + 3),
          new Scalar(0, 0, 255, 0), 2, opencv_imgproc.LINE_AA, 0);
      Point prev = null;
      for (double[] p : t.points) {
        Point q = new Point((int) Math.round(crop.x() + p[1] / scale), (int) Math.round(crop.y() + p[2] / scale));
        if (prev != null) {
          opencv_imgproc.line(image, prev, q, new Scalar(0, 0, 255, 0), 1, opencv_imgproc.LINE_AA, 0);
        }
        prev = q;
      }
      return Images.jpeg(image, 85);
    }
  }

  /** Forgets the water model and the tracks (a global change, time going backwards). */
  void reset() {
    closeModel();
    tracks.clear();
    alerted.clear();
    // the current the debris showed is kept: a light change does not change the river
  }

  /** What decides debris alerts after a restart: the objects alerted on lately and the days. */
  RiverState.Debris kept() {
    return new RiverState.Debris(water, alerted.stream().map(double[]::clone).toList(), lastStartMs, nextTrackId,
        days.all());
  }

  /**
   * Takes the state kept before a restart: the days always (they are per camera), the objects
   * alerted on only if the water polygon is the same (their positions are relative to it).
   */
  void restore(RiverState.Debris kept) {
    days.restore(kept.days());
    lastStartMs = kept.lastStartMs();
    nextTrackId = Math.max(nextTrackId, kept.nextTrackId());
    if (kept.water().equals(water)) {
      alerted.clear();
      kept.alerted().stream().limit(16).forEach(a -> alerted.addLast(a.clone()));
    }
  }

  /** Bytes of pixel state: mean (3 floats), deviation, flicker (floats), two masks. */
  long stateBytes() {
    return size == null ? 0 : (long) size.width() * size.height() * (12 + 4 + 4 + 1 + 1);
  }

  private static double round4(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  private void closeModel() {
    for (Mat m : new Mat[] {mean, deviation, flicker, previousForeground}) {
      if (m != null) {
        m.close();
      }
    }
    mean = null;
    deviation = null;
    flicker = null;
    previousForeground = null;
  }

  @Override
  public void close() {
    closeModel();
    if (waterMask != null) {
      waterMask.close();
      waterMask = null;
    }
  }

  private record Blob(double x, double y, double area, int left, int top, int width, int height, boolean white,
      boolean edge) {}

  /** A followed object, in working-image pixels. */
  private static final class Track {
    final long id;
    final long firstMs;
    final double x0, y0;
    long lastMs;
    double x, y, vx, vy, lastArea, pathLength;
    int hits = 1;
    int samples = 1;
    boolean alerted;
    final int[] box = new int[4];
    final java.util.ArrayDeque<double[]> points = new java.util.ArrayDeque<>(); // {t, x, y, area, at the edge}
    double areaSum, areaSqSum;
    int whiteHits;

    Track(long id, Blob b, long timeMs) {
      this.id = id;
      firstMs = timeMs;
      x0 = b.x;
      y0 = b.y;
      set(b, timeMs);
    }

    void add(Blob b, long timeMs) {
      pathLength += Math.hypot(b.x - x, b.y - y);
      hits++;
      double span = (timeMs - firstMs) / 1000.0;
      vx = (b.x - x0) / span;
      vy = (b.y - y0) / span;
      set(b, timeMs);
    }

    private void set(Blob b, long timeMs) {
      x = b.x;
      y = b.y;
      lastMs = timeMs;
      lastArea = b.area;
      whiteHits += b.white ? 1 : 0;
      areaSum += b.area;
      areaSqSum += b.area * b.area;
      box[0] = b.left;
      box[1] = b.top;
      box[2] = b.width;
      box[3] = b.height;
      points.addLast(new double[] {timeMs, b.x, b.y, b.area, b.edge ? 1 : 0});
      if (points.size() > MAX_POINTS) {
        points.removeFirst();
      }
    }

    double meanArea() {
      return areaSum / hits;
    }

    /**
     * Root-mean-square distance of the points since {@code sinceMs} from the straight line of
     * constant velocity that fits them best; points cut by the edge of the view are left out.
     * Infinite with fewer than 3 points to judge.
     */
    double wobble(long sinceMs) {
      List<double[]> in = points.stream().filter(p -> p[0] >= sinceMs && p[4] == 0).toList();
      int n = in.size();
      if (n < 3) {
        return Double.POSITIVE_INFINITY;
      }
      double st = 0, sx = 0, sy = 0, stt = 0, stx = 0, sty = 0;
      for (double[] p : in) {
        double t = (p[0] - firstMs) / 1000.0;
        st += t;
        sx += p[1];
        sy += p[2];
        stt += t * t;
        stx += t * p[1];
        sty += t * p[2];
      }
      double d = n * stt - st * st;
      if (d <= 0) {
        return 0;
      }
      double bx = (n * stx - st * sx) / d, ax = (sx - bx * st) / n;
      double by = (n * sty - st * sy) / d, ay = (sy - by * st) / n;
      double sum = 0;
      for (double[] p : in) {
        double t = (p[0] - firstMs) / 1000.0;
        double ex = p[1] - (ax + bx * t), ey = p[2] - (ay + by * t);
        sum += ex * ex + ey * ey;
      }
      return Math.sqrt(sum / n);
    }

    double areaSpread() {
      double m = meanArea();
      double var = Math.max(0, areaSqSum / hits - m * m);
      return Math.sqrt(var) / Math.max(1e-6, m);
    }
  }
}
