package io.gridwatch.analytics.detect.throwing;

import io.gridwatch.analytics.detect.Detection;
import io.gridwatch.analytics.detect.Detector;
import io.gridwatch.analytics.vision.FrameShrinker;
import io.gridwatch.analytics.vision.Images;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.config.Point;
import io.gridwatch.contracts.config.Polygon;
import io.gridwatch.contracts.config.ThrowingScene;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * High-altitude throwing (高空抛物): catches objects thrown or falling from the watched facade's
 * windows and names the window. Blobs ({@link BlobFinder}) → tracks followed with a gravity
 * model ({@link FallTracker}) → judged in the facade's plane ({@link TrajectoryJudge}) → a
 * {@code throwing} alert with {@code originFloor}, {@code originColumn}, {@code trajectory} and a
 * snapshot with the path and the window drawn. Alerts are raised when a track ends (the object
 * landed or left the view), a few frames after its last sighting.
 */
public final class ThrowingDetector implements Detector {

  private static final Logger LOG = LoggerFactory.getLogger(ThrowingDetector.class);

  private final String cameraId;
  private final ThrowingScene scene;
  private final Facade facade;
  private final TrajectoryJudge judge;
  private final FragmentJoiner fragments;
  private final FrameShrinker shrinker = new FrameShrinker();
  /** The last frame, to draw a snapshot on when the stream ends with a fall still followed. */
  private Frame lastFrame;
  private BlobFinder finder;
  private FallTracker tracker;
  private int frameWidth = -1;
  private int frameHeight = -1;
  /** Tracks and reported falls kept before a restart, taken on the first frame if they fit it. */
  private ThrowingState restored;

  public ThrowingDetector(String cameraId, ThrowingScene scene) {
    this.cameraId = cameraId;
    this.scene = scene;
    this.facade = new Facade(scene);
    this.judge = new TrajectoryJudge(facade, TrajectoryJudge.Settings.defaults());
    this.fragments = new FragmentJoiner(facade, FragmentJoiner.Settings.defaults());
  }

  /** Live tracks: the detector's only state that grows with activity (bounded by the tracker). */
  public int liveTracks() {
    return (tracker == null ? 0 : tracker.liveTracks()) + fragments.size();
  }

  @Override
  public List<Detection> onFrame(Frame frame, long timeMs) {
    if (frame.width() != frameWidth || frame.height() != frameHeight) {
      start(frame.width(), frame.height());
      takeRestored();
    }
    Mat grey = shrinker.greyRegion(frame, finder.roi(), finder.workSize());
    BlobFinder.Result found = finder.find(grey, timeMs);
    List<List<TrackPoint>> finished = tracker.update(timeMs, found.usable() ? found.blobs() : List.of());
    fragments.prune(timeMs);
    lastFrame = frame;
    return finished.isEmpty() ? List.of() : judge(finished, frame, timeMs);
  }

  @Override
  public List<Detection> endOfStream(long timeMs) {
    if (tracker == null || lastFrame == null) {
      return List.of();
    }
    // A fall still being followed when a file ends (its last second, or its landing's coasting
    // frames) would otherwise never be judged.
    List<Detection> out = judge(tracker.flush(), lastFrame, timeMs);
    lastFrame = null;
    return out;
  }

  /** Judges finished tracks; the falls among them become detections drawn on {@code frame}. */
  private List<Detection> judge(List<List<TrackPoint>> finished, Frame frame, long timeMs) {
    List<Detection> out = new ArrayList<>();
    for (List<TrackPoint> track : finished) {
      if (track.isEmpty()) {
        continue;
      }
      if (tracker.beside(track)) {
        LOG.debug("camera {}: track {}..{} ms is a side piece of a longer live track", cameraId, track.get(0).tMs(),
            track.get(track.size() - 1).tMs());
        continue;
      }
      Trajectory t = judgeWithEarlierPieces(track);
      if (t.verdict() == Trajectory.Verdict.REJECTED) {
        if (track.size() >= 5) {
          LOG.debug("camera {}: track {}..{} ms of {} points rejected: {}", cameraId, track.get(0).tMs(),
              track.get(track.size() - 1).tMs(), track.size(), t.reason());
        }
        fragments.keep(track, timeMs);
        continue;
      }
      if (fragments.continuesReported(track)) {
        LOG.debug("camera {}: track {}..{} ms continues a fall already reported", cameraId, track.get(0).tMs(),
            track.get(track.size() - 1).tMs());
        continue;
      }
      fragments.reported(t.points(), timeMs);
      LOG.debug("camera {}: track {}..{} ms: {}", cameraId, track.get(0).tMs(), track.get(track.size() - 1).tMs(),
          t.reason());
      out.add(new Detection(alert(t, timeMs), snapshot(frame, t)));
    }
    return out;
  }

  /**
   * Judges a finished track, first joined to pieces of the same fall that the tracker lost
   * earlier (the most recent piece first), then alone.
   */
  private Trajectory judgeWithEarlierPieces(List<TrackPoint> track) {
    for (List<TrackPoint> joined : fragments.candidates(track)) {
      Trajectory t = judge.judge(joined);
      if (t.verdict() != Trajectory.Verdict.REJECTED) {
        fragments.used(joined);
        return t;
      }
    }
    return judge.judge(track);
  }

  /**
   * The live tracks, the pieces kept for joining and the falls reported lately, with the facade
   * and frame size they belong to; before the first frame, whatever was restored.
   */
  @Override
  public io.gridwatch.analytics.detect.DetectorState snapshot(long timeMs) {
    if (tracker == null) {
      return restored == null ? io.gridwatch.analytics.detect.DetectorState.NONE
          : io.gridwatch.analytics.detect.DetectorState.of(restored.encode());
    }
    return io.gridwatch.analytics.detect.DetectorState.of(new ThrowingState(frameWidth, frameHeight, scene,
        tracker.lastFrameMs(), tracker.keptTracks(), fragments.pieces(), fragments.reportedFalls()).encode());
  }

  @Override
  public void restore(io.gridwatch.analytics.detect.DetectorState state) {
    if (state.alerting() == null) {
      return;
    }
    try {
      restored = ThrowingState.decode(state.alerting());
    } catch (io.gridwatch.analytics.detect.StateCodec.StateFormatException e) {
      LOG.warn("camera {}: throwing state not restored: {}", cameraId, e.getMessage());
    }
  }

  /** Hands restored tracks to the new tracker when they belong to this facade and frame size. */
  private void takeRestored() {
    ThrowingState kept = restored;
    restored = null;
    if (kept == null) {
      return;
    }
    if (!kept.fits(scene, frameWidth, frameHeight)) {
      LOG.info("camera {}: throwing state kept before the restart is for another facade or frame size; not used",
          cameraId);
      return;
    }
    tracker.restore(kept.tracks(), kept.lastFrameMs());
    fragments.restore(kept.pieces(), kept.reported());
    LOG.info("camera {}: {} live tracks and {} reported falls restored", cameraId, kept.tracks().size(),
        kept.reported().size());
  }

  private void start(int width, int height) {
    if (finder != null) {
      finder.close(); // the shrinker stays: it re-sizes its buffers to the new frames itself
    }
    fragments.clear();
    frameWidth = width;
    frameHeight = height;
    finder = new BlobFinder(width, height, searchRegion(width, height), BlobFinder.Settings.defaults());
    tracker = new FallTracker(FallTracker.Settings.forFrameWidth(width));
  }

  /** The facade's box, one column wider on each side, down to the bottom of the frame. */
  private Rect searchRegion(int width, int height) {
    double[] b = new Polygon(scene.facade()).bounds();
    double margin = (b[2] - b[0]) / scene.columns();
    int x0 = (int) Math.max(0, b[0] - margin);
    int x1 = (int) Math.min(width, b[2] + margin);
    int y0 = (int) Math.max(0, b[1] - margin / 2);
    return new Rect(x0, y0, Math.max(2, x1 - x0), Math.max(2, height - y0));
  }

  private Alert alert(Trajectory t, long emittedMs) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("originFloor", t.originFloor());
    details.put("originColumn", t.originColumn());
    List<List<Long>> path = new ArrayList<>(t.points().size());
    for (TrackPoint p : t.points()) {
      path.add(List.of(p.tMs(), Math.round(p.x()), Math.round(p.y())));
    }
    details.put("trajectory", path);
    details.put("class", t.verdict() == Trajectory.Verdict.FALL ? "object" : "light-object");
    details.put("accelerationMps2", Math.round(t.accelerationMps2() * 10) / 10.0);
    details.put("dropMeters", Math.round(t.dropMeters() * 10) / 10.0);
    long end = t.points().get(t.points().size() - 1).tMs();
    long start = Math.min(t.releaseMs(), end);
    return Alert.of(cameraId, AlertScene.THROWING, null, start, end, t.confidence(), details, emittedMs, List.of());
  }

  /** The frame with the trajectory (red) and the window of origin (yellow) drawn on it. */
  private byte[] snapshot(Frame frame, Trajectory t) {
    try (Mat image = Images.toMat(frame)) {
      Images.drawPolygon(image, new Polygon(scene.facade()), 1.0, new Scalar(255, 255, 0, 0), 1);
      List<TrackPoint> pts = t.points();
      for (int i = 1; i < pts.size(); i++) {
        opencv_imgproc.line(image, point(pts.get(i - 1)), point(pts.get(i)), new Scalar(0, 0, 255, 0), 2,
            opencv_imgproc.LINE_AA, 0);
      }
      double u0 = (t.originColumn() - 1) * facade.columnWidthMeters();
      double v0 = (facade.floors() - t.originFloor()) * facade.floorHeightMeters();
      Images.drawPolygon(image, windowOutline(u0, v0), 1.0, new Scalar(0, 255, 255, 0), 3);
      return Images.jpeg(image, 85);
    }
  }

  private Polygon windowOutline(double u0, double v0) {
    double w = facade.columnWidthMeters();
    double h = facade.floorHeightMeters();
    double[][] corners = {{u0, v0}, {u0 + w, v0}, {u0 + w, v0 + h}, {u0, v0 + h}};
    List<Point> pts = new ArrayList<>();
    for (double[] c : corners) {
      double[] p = facade.toImage(c[0], c[1]);
      pts.add(new Point(Math.max(0, p[0]), Math.max(0, p[1])));
    }
    return new Polygon(pts);
  }

  private static org.bytedeco.opencv.opencv_core.Point point(TrackPoint p) {
    return new org.bytedeco.opencv.opencv_core.Point((int) Math.round(p.x()), (int) Math.round(p.y()));
  }

  @Override
  public void close() {
    if (finder != null) {
      finder.close();
      finder = null;
    }
    shrinker.close();
    lastFrame = null;
  }
}
