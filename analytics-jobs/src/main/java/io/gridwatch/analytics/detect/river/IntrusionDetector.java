package io.gridwatch.analytics.detect.river;

import io.gridwatch.analytics.detect.Detection;
import io.gridwatch.analytics.vision.Images;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.config.Zone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Raises {@code river-intrusion} when a person stands in a danger zone for the zone's
 * {@code dwellSeconds}.
 *
 * <p>A person counts when they are found in the region above and around the zone and their feet
 * lie inside the zone polygon; so people walking the bank outside the zone, whose bodies may
 * overlap the zone in the picture, do not count. They are found as an upright figure new in the
 * region ({@link StandingFigures}, which finds the small people HOG misses) or, when there is
 * none, by OpenCV's HOG people detector, which runs only where the {@link MotionGate} sees
 * something new, or while an episode is open: an empty bank costs little. An episode starts with
 * the first sample that has a person in the zone, alerts once after {@code dwellSeconds}, and ends
 * after {@link Settings#clearSeconds} without one (either way of finding people misses a person
 * now and then).
 */
final class IntrusionDetector implements AutoCloseable {

  /**
   * @param clearSeconds  how long a zone must be without a person before its episode ends
   * @param hitThreshold  SVM margin of the people detector
   * @param minGateShare  share of the zone region's gate pixels that must be new to run the people detector
   */
  record Settings(double clearSeconds, double hitThreshold, double minGateShare) {
    static Settings defaults() {
      return new Settings(8, 0.0, 0.01);
    }
  }

  private final String cameraId;
  private final List<Zone> zones;
  private final Settings settings;
  private final double minPersonHeight;
  private final PeopleDetector people;
  private final Map<String, Episode> episodes = new LinkedHashMap<>();
  private final Map<String, Rect> regions = new LinkedHashMap<>();
  private final Map<String, StandingFigures> figures = new LinkedHashMap<>();
  private long peopleRuns;

  IntrusionDetector(String cameraId, List<Zone> zones, double minPersonHeight, Settings settings) {
    this.cameraId = cameraId;
    this.zones = List.copyOf(zones);
    this.settings = settings;
    this.minPersonHeight = minPersonHeight;
    this.people = zones.isEmpty() ? null : new PeopleDetector(minPersonHeight, settings.hitThreshold());
    zones.forEach(z -> episodes.put(z.id(), new Episode()));
  }

  /** How many times the people detector ran (for benchmarks). */
  long peopleRuns() {
    return peopleRuns;
  }

  /** Zones with an open episode. */
  int openEpisodes() {
    return (int) episodes.values().stream().filter(e -> e.sinceMs != Long.MIN_VALUE).count();
  }

  List<Detection> onFrame(Mat bgr, long timeMs, double dtSeconds, MotionGate gate, boolean gateReady) {
    List<Detection> out = new ArrayList<>();
    for (Zone zone : zones) {
      Rect region = regions.computeIfAbsent(zone.id(), id -> regionOf(zone, bgr));
      StandingFigures standing = figures.computeIfAbsent(zone.id(), id -> new StandingFigures(region, minPersonHeight));
      Episode ep = episodes.get(zone.id());
      boolean open = ep.sinceMs != Long.MIN_VALUE;
      boolean moving = gateReady && gate.foregroundIn(region) >= Math.max(3,
          settings.minGateShare() * region.area() * gate.scale() * gate.scale());
      // the figures' background learns on every sample, so it must see the empty zone too
      List<PeopleDetector.Person> found = new ArrayList<>(standing.update(bgr, dtSeconds, zone.polygon()));
      boolean byShape = !found.isEmpty();
      if ((moving || open) && found.isEmpty()) {
        peopleRuns++;
        found.addAll(people.find(bgr, region, zone.polygon()));
      }
      ep.byShape += byShape ? 1 : 0;
      if (!found.isEmpty()) {
        ep.seen(timeMs, found);
        if (!ep.alerted && timeMs - ep.sinceMs >= Math.round(zone.dwellSeconds() * 1000)) {
          ep.alerted = true;
          out.add(alert(zone, ep, timeMs, bgr, found));
        }
      } else if (open && timeMs - ep.lastSeenMs > Math.round(settings.clearSeconds() * 1000)) {
        ep.clear();
      }
    }
    return out;
  }

  /** The zone's box, widened upwards by a person's height (bodies stand above their feet). */
  private Rect regionOf(Zone zone, Mat bgr) {
    double up = 2.5 * minPersonHeight;
    return RiverGeometry.clippedBounds(zone.polygon(), bgr.cols(), bgr.rows(), up);
  }

  /** Starts afresh: a new frame size or time going backwards. */
  void reset() {
    regions.clear();
    figures.values().forEach(StandingFigures::close);
    figures.clear();
    episodes.values().forEach(Episode::clear);
  }

  /** Forgets the figures' backgrounds (a global light change), keeping open episodes. */
  void relearn() {
    figures.values().forEach(StandingFigures::reset);
  }

  /** Bytes of the figures' backgrounds. */
  long stateBytes() {
    return figures.values().stream().mapToLong(StandingFigures::stateBytes).sum();
  }

  private Detection alert(Zone zone, Episode ep, long timeMs, Mat bgr, List<PeopleDetector.Person> found) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("people", found.size());
    details.put("personHeightPx", WaterLevelDetector.round1(found.stream().mapToDouble(PeopleDetector.Person::height)
        .max().orElse(0)));
    details.put("dwellSeconds", WaterLevelDetector.round3((timeMs - ep.sinceMs) / 1000.0));
    details.put("samplesWithPerson", ep.samplesSeen);
    details.put("detector", ep.byShape > 0 ? "hog+figure" : "hog");
    double best = found.stream().mapToDouble(PeopleDetector.Person::weight).max().orElse(0);
    double confidence = Math.min(0.99, 0.6 + 0.2 * Math.max(0, best));
    Alert alert = Alert.of(cameraId, AlertScene.RIVER_INTRUSION, zone.id(), ep.sinceMs, timeMs,
        WaterLevelDetector.round3(confidence), details, timeMs, List.of());
    return new Detection(alert, snapshot(zone, bgr, found));
  }

  private static byte[] snapshot(Zone zone, Mat bgr, List<PeopleDetector.Person> found) {
    try (Mat image = bgr.clone()) {
      Images.drawPolygon(image, zone.polygon(), 1.0, new Scalar(0, 255, 255, 0), 2);
      for (PeopleDetector.Person p : found) {
        opencv_imgproc.rectangle(image, new Point((int) p.x(), (int) p.y()),
            new Point((int) (p.x() + p.width()), (int) (p.y() + p.height())), new Scalar(0, 0, 255, 0), 2,
            opencv_imgproc.LINE_AA, 0);
        opencv_imgproc.circle(image, new Point((int) p.footX(), (int) p.footY()), 4, new Scalar(0, 0, 255, 0), -1,
            opencv_imgproc.LINE_AA, 0);
      }
      return Images.jpeg(image, 85);
    }
  }

  /** Each zone's episode with the zone's polygon. */
  List<RiverState.ZoneEpisode> kept() {
    List<RiverState.ZoneEpisode> out = new ArrayList<>();
    for (Zone z : zones) {
      Episode e = episodes.get(z.id());
      out.add(new RiverState.ZoneEpisode(z.id(), z.polygon(), e.sinceMs, e.lastSeenMs, e.alerted, e.samplesSeen));
    }
    return out;
  }

  /** Takes the episodes kept before a restart of zones that are still there with the same polygon. */
  void restore(List<RiverState.ZoneEpisode> kept) {
    for (RiverState.ZoneEpisode k : kept) {
      Episode e = episodes.get(k.id());
      boolean same = zones.stream().anyMatch(z -> z.id().equals(k.id()) && z.polygon().equals(k.polygon()));
      if (e != null && same) {
        e.sinceMs = k.sinceMs();
        e.lastSeenMs = k.lastSeenMs();
        e.alerted = k.alerted();
        e.samplesSeen = k.samplesSeen();
      }
    }
  }

  @Override
  public void close() {
    if (people != null) {
      people.close();
    }
    figures.values().forEach(StandingFigures::close);
  }

  /** One zone's current episode. */
  private static final class Episode {
    long sinceMs = Long.MIN_VALUE;
    long lastSeenMs;
    boolean alerted;
    int samplesSeen;
    int byShape;

    void seen(long timeMs, List<PeopleDetector.Person> found) {
      if (sinceMs == Long.MIN_VALUE) {
        sinceMs = timeMs;
      }
      lastSeenMs = timeMs;
      samplesSeen++;
    }

    void clear() {
      sinceMs = Long.MIN_VALUE;
      alerted = false;
      samplesSeen = 0;
      byShape = 0;
    }
  }
}
