package io.gridwatch.analytics.detect.street;

import io.gridwatch.analytics.detect.Detection;
import io.gridwatch.analytics.detect.Detector;
import io.gridwatch.analytics.vision.Images;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.config.StreetOccupationScene;
import io.gridwatch.contracts.config.Zone;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Street occupation (占道经营): raises one {@code street-occupation} alert when goods, a stall, a
 * table or a rack stand in a shop-front zone for the zone's dwell time, and a clear report when
 * the zone is empty again.
 *
 * <p>On each sampled frame (one every few seconds):
 * <ol>
 *   <li>The frame is shrunk to {@link Settings#workingWidth} and compared with an empty-street
 *       reference and a short-term background ({@link BackgroundPair}): pixels new against the
 *       reference but settled in the short-term background have stood still for a while.
 *       Lighting changes are taken out by a global gain, shadows by a colour-constancy test.</li>
 *   <li>Still pixels are grouped into regions. A region counts for a zone only in the columns
 *       where it stands in the zone: its lowest pixel there, where a thing meets the ground, lies
 *       in the zone. A car stopped on the road or a bicycle at the curb may hide part of a zone in
 *       the image, but their lowest pixels lie nearer the camera, below it.</li>
 *   <li>A zone is occupied when counted regions cover its {@code minCoverage}; clear when
 *       almost nothing in it differs from the reference; otherwise unknown (a passer-by). The
 *       {@link ZoneEpisode} turns these into one alert after {@code dwellSeconds} and a clear
 *       report after {@code clearSeconds} of clear samples, or as soon as what stands there arrived
 *       after the zone was last seen occupied (the next stall, set down before the zone was seen
 *       empty for long).</li>
 *   <li>Before an alert, HOG looks for people in the regions: a person standing there (waiting,
 *       chatting, a vendor by a stall) is taken out of the coverage, and if what is left does not
 *       cover the zone the alert waits.</li>
 * </ol>
 *
 * <p>State per camera: the two backgrounds at working size and a few numbers per zone, about
 * 4 MB at the default 480 px ({@link #stateBytes()}). Zones can be changed while running
 * ({@link #retune}); a removed zone's state goes with it.
 */
public final class StreetOccupationDetector implements Detector {

  private static final Logger LOG = LoggerFactory.getLogger(StreetOccupationDetector.class);
  /** The {@code details.detector} of this detector's alerts. */
  public static final String DETECTOR = "street-occupation";

  /**
   * Tuning that is not in the scene file.
   *
   * @param workingWidth     width of the image the detector works on, pixels (never enlarged)
   * @param diffThreshold    colour-channel difference from a background that counts as a change
   * @param shortTermSeconds time constant of the short-term background: how long a thing stands
   *                         still before it counts
   * @param referenceSeconds time constant with which the reference follows where nothing new is
   * @param absorbSeconds    time constant with which something that stays becomes part of the
   *                         reference (a new bench): far longer than any dwell time
   * @param maxChangedShare  a frame where more than this share of the view differs at once is
   *                         skipped (a vehicle close to the camera hides the street)
   * @param relearnSeconds   if such frames go on this long, the view itself changed (camera moved,
   *                         lights switched): it is learned afresh
   * @param learnSamples     how many sampled frames a new view is learned from (their per-pixel
   *                         median) before zones are judged
   * @param rejectPeople     look for people (HOG) before alerting
   */
  public record Settings(int workingWidth, double diffThreshold, double shortTermSeconds, double referenceSeconds,
      double absorbSeconds, double maxChangedShare, double relearnSeconds, int learnSamples, boolean rejectPeople) {

    public Settings {
      check(workingWidth >= 64 && workingWidth <= 1920, "workingWidth", "must be within 64..1920, got " + workingWidth);
      check(diffThreshold > 0 && diffThreshold < 255, "diffThreshold", "must be within 0..255, got " + diffThreshold);
      check(shortTermSeconds > 0, "shortTermSeconds", "must be > 0, got " + shortTermSeconds);
      check(referenceSeconds > 0, "referenceSeconds", "must be > 0, got " + referenceSeconds);
      check(absorbSeconds >= referenceSeconds, "absorbSeconds", "must be >= referenceSeconds, got " + absorbSeconds);
      check(maxChangedShare > 0 && maxChangedShare <= 1, "maxChangedShare", "must be within 0..1, got " + maxChangedShare);
      check(relearnSeconds > 0, "relearnSeconds", "must be > 0, got " + relearnSeconds);
      check(learnSamples >= 1 && learnSamples <= 15, "learnSamples", "must be within 1..15, got " + learnSamples);
    }

    public static Settings defaults() {
      return new Settings(480, 18, 10, 60, 4 * 3600, 0.5, 20, 5, true);
    }

    public Settings withRejectPeople(boolean reject) {
      return new Settings(workingWidth, diffThreshold, shortTermSeconds, referenceSeconds, absorbSeconds,
          maxChangedShare, relearnSeconds, learnSamples, reject);
    }

    private static void check(boolean ok, String key, String message) {
      if (!ok) {
        throw new IllegalArgumentException("street-occupation setting " + key + ": " + message);
      }
    }
  }

  private final String cameraId;
  private final Settings settings;
  private StreetOccupationScene scene;
  private final Map<String, ZoneEpisode> episodes = new LinkedHashMap<>();
  /**
   * Per zone, the pixels counted on its last occupied sample: whether they have matched the empty
   * street since tells whether what stood there then has gone. Not kept across a restart (the
   * pixel model is not either).
   */
  private final Map<String, int[]> lastCounted = new HashMap<>();
  private PersonFinder people;

  private BackgroundPair model;
  private ZoneGeometry geometry;
  private int frameWidth;
  private int frameHeight;
  private long lastTimeMs = Long.MIN_VALUE;
  private byte[] working;
  /** Images of a view being learned, or null once it is learned. */
  private List<byte[]> learning;
  private long hiddenSinceMs = Long.MIN_VALUE;
  /** A reference kept before a restart, used instead of learning the view on the first frame. */
  private StreetState.Reference restoredReference;
  /** When the reference was last handed out for keeping (camera time). */
  private long referenceKeptMs = Long.MIN_VALUE;

  public StreetOccupationDetector(String cameraId, StreetOccupationScene scene, Settings settings) {
    if (scene.zones().isEmpty()) {
      throw new IllegalArgumentException("camera " + cameraId + ": street occupation needs at least one zone");
    }
    this.cameraId = cameraId;
    this.settings = settings;
    this.scene = scene;
    scene.zones().forEach(z -> episodes.put(z.id(), new ZoneEpisode()));
  }

  public StreetOccupationDetector(String cameraId, StreetOccupationScene scene) {
    this(cameraId, scene, Settings.defaults());
  }

  /**
   * Takes a changed scene without forgetting the street: the reference images are kept, zones
   * that are still there (same id and polygon) keep their episode, removed zones are forgotten,
   * new or moved zones start idle.
   */
  public void retune(StreetOccupationScene newScene) {
    Map<String, Zone> old = new HashMap<>();
    scene.zones().forEach(z -> old.put(z.id(), z));
    Map<String, ZoneEpisode> kept = new LinkedHashMap<>();
    for (Zone z : newScene.zones()) {
      Zone before = old.get(z.id());
      ZoneEpisode ep = episodes.get(z.id());
      kept.put(z.id(), before != null && before.polygon().equals(z.polygon()) && ep != null ? ep : new ZoneEpisode());
    }
    episodes.clear();
    episodes.putAll(kept);
    lastCounted.clear(); // pixels of the old geometry
    scene = newScene;
    geometry = null; // rebuilt for the new polygons on the next frame
    LOG.info("camera {}: street-occupation retuned, zones {}", cameraId, episodes.keySet());
  }

  @Override
  public boolean retune(io.gridwatch.contracts.config.SceneConfig newScene) {
    if (newScene.scene() != io.gridwatch.contracts.config.SceneKind.STREET_OCCUPATION
        || !newScene.cameraId().equals(cameraId)) {
      return false;
    }
    retune(newScene.streetOccupation());
    return true;
  }

  @Override
  public List<Detection> onFrame(Frame frame, long timeMs) {
    try (Mat bgr = Images.toMat(frame)) {
      boolean newSize = model == null || frame.width() != frameWidth || frame.height() != frameHeight;
      if (newSize) {
        frameWidth = frame.width();
        frameHeight = frame.height();
        Size size = Images.workingSize(frame.width(), frame.height(), settings.workingWidth());
        model = new BackgroundPair(size.width(), size.height());
        working = new byte[size.width() * size.height() * 3];
        geometry = null;
        size.close();
      }
      shrink(bgr);
      if (geometry == null) {
        geometry = new ZoneGeometry(scene.zones(), model.width(), model.height(),
            model.width() / (double) frame.width());
      }
      if (newSize && restoreReference(timeMs)) {
        lastTimeMs = timeMs;
        return List.of();
      }
      if (newSize || lastTimeMs == Long.MIN_VALUE || timeMs < lastTimeMs) {
        // First frame, a new resolution, or time going backwards (a looped file): start afresh.
        startLearning(timeMs);
        lastTimeMs = timeMs;
        return List.of();
      }
      double dt = Math.max(0.001, (timeMs - lastTimeMs) / 1000.0);
      lastTimeMs = timeMs;
      double changed = learning != null ? 0 : model.changedShare(working, settings.diffThreshold());
      if (changed > settings.maxChangedShare()) {
        // Most of the view is hidden or changed: a bus close to the camera (skip the frame, learn
        // nothing from it), or, if it lasts, a new view (the camera moved): learn it afresh.
        if (hiddenSinceMs == Long.MIN_VALUE) {
          hiddenSinceMs = timeMs;
        }
        LOG.debug("camera {} t={}: {} of the view changed at once; frame skipped", cameraId, timeMs, round3(changed));
        if (timeMs - hiddenSinceMs >= Math.round(settings.relearnSeconds() * 1000)) {
          LOG.info("camera {}: the view changed for {} s; learning it afresh", cameraId, settings.relearnSeconds());
          startLearning(timeMs);
        }
        return List.of();
      }
      hiddenSinceMs = Long.MIN_VALUE;
      if (learning != null) {
        learning.add(working.clone());
        if (learning.size() >= settings.learnSamples()) {
          model.resetToMedian(learning, timeMs);
          learning = null;
        }
        return List.of();
      }
      model.update(working, timeMs, dt, settings);
      return judgeZones(bgr, timeMs);
    }
  }

  /**
   * On the first frame after a restart: takes the reference kept before it, if it was learned
   * from frames of this size, instead of learning the view afresh (which would take goods standing
   * in a zone for street). The short-term background starts from it too, so whatever stands there
   * now counts as still after the short-term time constant, as any new thing does.
   */
  private boolean restoreReference(long timeMs) {
    StreetState.Reference ref = restoredReference;
    restoredReference = null;
    if (ref == null || ref.frameWidth() != frameWidth || ref.frameHeight() != frameHeight
        || ref.width() != model.width() || ref.height() != model.height()) {
      if (ref != null) {
        LOG.info("camera {}: the street reference kept before the restart is for {}x{} frames, these are {}x{}; "
            + "learning the view afresh", cameraId, ref.frameWidth(), ref.frameHeight(), frameWidth, frameHeight);
      }
      return false;
    }
    model.restoreReference(ref.bgr(), timeMs);
    learning = null;
    hiddenSinceMs = Long.MIN_VALUE;
    referenceKeptMs = timeMs; // the kept one is as good as a new copy
    LOG.info("camera {}: street reference kept {} s before restored", cameraId, (timeMs - ref.timeMs()) / 1000);
    return true;
  }

  /**
   * The zones' episodes on every call (they decide alerts); the reference once it is learned,
   * then every {@link StreetState#KEEP_REFERENCE_EVERY_MS} of camera time.
   */
  @Override
  public io.gridwatch.analytics.detect.DetectorState snapshot(long timeMs) {
    Map<String, io.gridwatch.contracts.config.Polygon> polygons = new HashMap<>();
    scene.zones().forEach(z -> polygons.put(z.id(), z.polygon()));
    byte[] episodesBytes = StreetState.encodeEpisodes(polygons, episodes);
    byte[] images = null;
    if (model != null && learning == null && (referenceKeptMs == Long.MIN_VALUE || timeMs < referenceKeptMs
        || timeMs - referenceKeptMs >= StreetState.KEEP_REFERENCE_EVERY_MS)) {
      referenceKeptMs = timeMs;
      images = StreetState.encodeReference(new StreetState.Reference(frameWidth, frameHeight, model.width(),
          model.height(), timeMs, model.referenceBytes()));
    }
    return new io.gridwatch.analytics.detect.DetectorState(episodesBytes, images);
  }

  /**
   * Takes the episodes of zones that are still in the scene with the same polygon (others start
   * idle, as on a retune), and the reference for the first frame.
   */
  @Override
  public void restore(io.gridwatch.analytics.detect.DetectorState state) {
    if (state.alerting() != null) {
      try {
        Map<String, StreetState.KeptZone> kept = StreetState.decodeEpisodes(state.alerting());
        for (Zone z : scene.zones()) {
          StreetState.KeptZone k = kept.get(z.id());
          if (k != null && k.polygon().equals(z.polygon())) {
            episodes.put(z.id(), ZoneEpisode.fromLongs(k.episode()));
          }
        }
      } catch (io.gridwatch.analytics.detect.StateCodec.StateFormatException e) {
        LOG.warn("camera {}: street-occupation episodes not restored: {}", cameraId, e.getMessage());
      }
    }
    if (state.images() != null) {
      try {
        restoredReference = StreetState.decodeReference(state.images());
      } catch (io.gridwatch.analytics.detect.StateCodec.StateFormatException e) {
        LOG.warn("camera {}: street reference not restored: {}", cameraId, e.getMessage());
      }
    }
  }

  /** Learns the view afresh from the next {@link Settings#learnSamples} frames, this one first. */
  private void startLearning(long timeMs) {
    model.reset(working, timeMs);
    episodes.values().forEach(ZoneEpisode::reset);
    lastCounted.clear();
    learning = new ArrayList<>();
    learning.add(working.clone());
    hiddenSinceMs = Long.MIN_VALUE;
  }

  private void shrink(Mat bgr) {
    try (Mat small = new Mat(); Size size = new Size(model.width(), model.height()); Size k = new Size(3, 3)) {
      opencv_imgproc.resize(bgr, small, size, 0, 0, opencv_imgproc.INTER_AREA);
      opencv_imgproc.GaussianBlur(small, small, k, 0);
      small.data().get(working);
    }
  }

  private List<Detection> judgeZones(Mat bgr, long timeMs) {
    Regions regions = Regions.of(model.still(), model.stillShadow(), model.width(), model.height());
    List<Detection> out = new ArrayList<>();
    long clearMs = Math.round(scene.clearSeconds() * 1000);
    long cooldownMs = Math.round(scene.cooldownSeconds() * 1000);
    for (int z = 0; z < geometry.size(); z++) {
      Zone zone = geometry.zone(z);
      ZoneEpisode ep = episodes.get(zone.id());
      ZoneGeometry.Counts c = geometry.count(z, regions, model);
      long arrived = c.arrivedMs(zone.minCoverage(), timeMs);
      ZoneEpisode.Observation obs = observe(zone, c, ep, arrived);
      // Occupied on the lower bar of an episode under way (see observe)
      boolean continuing = obs == ZoneEpisode.Observation.OCCUPIED && c.stillShare() < zone.minCoverage();
      boolean dwellReached = obs == ZoneEpisode.Observation.OCCUPIED && ep.phase() == ZoneEpisode.Phase.PENDING
          && timeMs - ep.sinceMs() >= Math.round(zone.dwellSeconds() * 1000);
      double coverage = c.stillShare();
      Regions.Region[] counted = c.regions();
      boolean allowed = true;
      if (dwellReached && settings.rejectPeople()) {
        counted = withoutPeople(bgr, c.regions(), regions);
        coverage = c.share(counted);
        // A person found takes the full bar again: what is left beside them must cover the zone.
        boolean nobody = counted.length == c.regions().length;
        allowed = coverage >= (continuing && nobody ? zone.minCoverage() / 2 : zone.minCoverage());
        if (!allowed) {
          LOG.debug("camera {} t={} zone {}: people stand there; alert held", cameraId, timeMs, zone.id());
        }
      }
      int[] before = lastCounted.get(zone.id());
      boolean previousLeft = obs == ZoneEpisode.Observation.OCCUPIED && before != null
          && model.returnedShare(before, ep.lastOccupiedMs()) >= 0.5;
      LOG.debug("camera {} t={} zone {}: still {} different {} -> {}", cameraId, timeMs, zone.id(),
          round3(c.stillShare()), round3(c.differentShare()), obs);
      ZoneEpisode.Decision d = ep.step(timeMs, obs, arrived, coverage, Math.round(zone.dwellSeconds() * 1000), clearMs,
          cooldownMs, allowed, previousLeft);
      if (obs == ZoneEpisode.Observation.OCCUPIED) {
        lastCounted.put(zone.id(), c.pixels());
      }
      if (d == ZoneEpisode.Decision.ALERT) {
        out.add(occupationAlert(zone, ep, timeMs, bgr, regions, counted, coverage));
      } else if (d == ZoneEpisode.Decision.CLEARED) {
        out.add(clearReport(zone, ep, timeMs, bgr));
      }
    }
    return out;
  }

  /**
   * Occupied when counted still regions cover the zone's minCoverage; clear when what differs
   * from the reference covers less than half of it; unknown in between, or while something
   * moving fills the zone.
   *
   * <p>Once an episode is under way, half of minCoverage is enough if what is counted was
   * already there when the zone was last seen occupied (hysteresis): the same goods, partly
   * hidden or near the difference threshold (a rack's pale clothes hovered at 0.06-0.09 against a
   * minCoverage of 0.10 and alerted a minute late). A new thing still needs the full share.
   */
  private static ZoneEpisode.Observation observe(Zone zone, ZoneGeometry.Counts c, ZoneEpisode ep, long arrivedMs) {
    double min = zone.minCoverage();
    if (c.stillShare() >= min) {
      return ZoneEpisode.Observation.OCCUPIED;
    }
    if (c.stillShare() >= min / 2 && ep.phase() != ZoneEpisode.Phase.IDLE && ep.lastOccupiedMs() != Long.MIN_VALUE
        && arrivedMs <= ep.lastOccupiedMs()) {
      return ZoneEpisode.Observation.OCCUPIED;
    }
    if (c.stillShare() < min / 2 && c.differentShare() < min / 2) {
      return ZoneEpisode.Observation.CLEAR;
    }
    return ZoneEpisode.Observation.UNKNOWN;
  }

  /** The regions that are not a person standing, by HOG on the frame at full resolution. */
  private Regions.Region[] withoutPeople(Mat bgr, Regions.Region[] candidates, Regions regions) {
    if (people == null) {
      people = new PersonFinder();
    }
    double toFrame = frameWidth / (double) model.width();
    List<Regions.Region> kept = new ArrayList<>();
    for (Regions.Region r : candidates) {
      int x = (int) Math.floor(r.x() * toFrame), y = (int) Math.floor(r.y() * toFrame);
      int w = (int) Math.ceil(r.width() * toFrame), h = (int) Math.ceil(r.height() * toFrame);
      int padX = Math.max(8, w / 3), padY = Math.max(8, h / 4);
      List<int[]> found = people.find(bgr, new int[] {x - padX, y - padY, w + 2 * padX, h + 2 * padY});
      double personShare = 0;
      for (int[] p : found) {
        personShare = Math.max(personShare, regions.shareInside(r, p[0] / toFrame, p[1] / toFrame,
            (p[0] + p[2]) / toFrame, (p[1] + p[3]) / toFrame));
      }
      // A person explains a region when most of it lies in the person's box; goods next to a
      // vendor stay (the region is then much larger than the person).
      if (personShare < 0.6) {
        kept.add(r);
      }
    }
    return kept.toArray(Regions.Region[]::new);
  }

  private Detection occupationAlert(Zone zone, ZoneEpisode ep, long timeMs, Mat bgr, Regions regions,
      Regions.Region[] counted, double coverage) {
    double confidence = Math.min(0.99, 0.5 + 0.5 * Math.min(1.0, coverage / (2 * zone.minCoverage())));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("state", "occupied");
    details.put("coverage", round3(coverage));
    details.put("dwellSeconds", round3((timeMs - ep.sinceMs()) / 1000.0));
    details.put("region", toFrameBox(regions, counted));
    details.put("detector", DETECTOR);
    Alert alert = Alert.of(cameraId, AlertScene.STREET_OCCUPATION, zone.id(), ep.sinceMs(), timeMs, round3(confidence),
        details, timeMs, List.of());
    return new Detection(alert, Snapshots.occupied(bgr, zone, regions, counted, model, frameWidth / (double) model.width()));
  }

  /**
   * The clear report: scene {@code street-occupation}, {@code details.state: "cleared"}, spanning
   * the episode from its start to the first clear sample, so that it joins the occupation's
   * incident. Its id is computed from its end (the clear time), not its start, which it shares
   * with the occupation alert.
   */
  private Detection clearReport(Zone zone, ZoneEpisode ep, long timeMs, Mat bgr) {
    long since = ep.sinceMs();
    long clearedAt = ep.clearSinceMs();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("state", "cleared");
    details.put("occupiedSinceMs", since);
    details.put("occupationAlertId", Alert.idFor(cameraId, AlertScene.STREET_OCCUPATION, zone.id(), since));
    details.put("occupiedSeconds", round3((clearedAt - since) / 1000.0));
    details.put("detector", DETECTOR);
    Alert alert = new Alert(Alert.SCHEMA_VERSION, Alert.idFor(cameraId, AlertScene.STREET_OCCUPATION, zone.id(), clearedAt),
        cameraId, AlertScene.STREET_OCCUPATION, zone.id(), since, clearedAt, 1.0, details, timeMs, List.of());
    return new Detection(alert, Snapshots.cleared(bgr, zone, model, frameWidth / (double) model.width()));
  }

  private List<Integer> toFrameBox(Regions regions, Regions.Region[] counted) {
    double k = frameWidth / (double) model.width();
    int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = Integer.MIN_VALUE, y1 = Integer.MIN_VALUE;
    for (Regions.Region r : counted) {
      x0 = Math.min(x0, r.x());
      y0 = Math.min(y0, r.y());
      x1 = Math.max(x1, r.x() + r.width());
      y1 = Math.max(y1, r.y() + r.height());
    }
    if (counted.length == 0) {
      return List.of();
    }
    return List.of((int) Math.round(x0 * k), (int) Math.round(y0 * k), (int) Math.round((x1 - x0) * k),
        (int) Math.round((y1 - y0) * k));
  }

  /**
   * Bytes of detector state held for this camera (the pixel model, masks, zone episodes and the
   * pixels counted on each zone's last occupied sample).
   */
  public long stateBytes() {
    long bytes = 0;
    if (model != null) {
      bytes += model.stateBytes() + working.length;
    }
    if (geometry != null) {
      bytes += geometry.stateBytes();
    }
    for (int[] pixels : lastCounted.values()) {
      bytes += 4L * pixels.length;
    }
    return bytes + 96L * episodes.size();
  }

  /** Zone ids that hold state; for tests of retuning. */
  List<String> zonesWithState() {
    return List.copyOf(episodes.keySet());
  }

  static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  @Override
  public void close() {
    if (people != null) {
      people.close();
      people = null;
    }
    model = null;
    geometry = null;
  }
}
