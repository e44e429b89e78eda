package io.gridwatch.analytics.detect.throwing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Follows small fast blobs from frame to frame. Falling objects do not overlap themselves
 * between frames (at 25 fps a 30 m fall ends at about 1 m per frame), so tracks are joined by
 * distance to where each track is expected next, not by box overlap: the prediction extrapolates
 * the track's last positions with constant acceleration, which is exactly the motion of a fall.
 *
 * <p>An object vanishes for a few frames wherever it matches what is behind it (a dark bag over
 * dark window glass, for six frames early in a fall): an established track (at least
 * {@code coastAfterPoints} sightings, so its motion is known) coasts on its prediction for up to
 * {@code maxCoastMisses} frames, its search radius growing with the time unseen, while a young
 * track, which is more often noise, ends after {@code maxMisses}.
 *
 * <p>Bounded: at most {@code maxTracks} live tracks (the shortest are dropped first) and
 * {@code maxPoints} points each (the oldest half and the newest half); a track unseen for longer than it may be is finished and
 * handed back for judging.
 */
public final class FallTracker {

  /**
   * @param firstGatePx  how far a blob may be from a one-point track, pixels per frame
   * @param gateFloorPx  smallest search radius around a prediction, pixels
   * @param gateSlack    search radius as a share of the track's speed per frame
   * @param maxMisses    frames a young track may go unseen before it is finished
   * @param coastAfterPoints sightings after which a track is established
   * @param maxCoastMisses frames an established track may go unseen
   * @param maxTracks    live tracks kept at once
   * @param maxPoints    points kept per track
   */
  public record Settings(double firstGatePx, double gateFloorPx, double gateSlack, int maxMisses,
      int coastAfterPoints, int maxCoastMisses, int maxTracks, int maxPoints) {

    public static Settings forFrameWidth(int width) {
      double scale = width / 1920.0;
      // 8 frames at 25 fps: a 1.5 m window pane crossed at 5 m/s, i.e. one floor below the release.
      return new Settings(45 * scale, 15 * scale, 0.6, 3, 5, 8, 64, 400);
    }

    int maxMissesOf(int points) {
      return points >= coastAfterPoints ? maxCoastMisses : maxMisses;
    }
  }

  /** A live track. */
  static final class Track {
    final List<TrackPoint> points = new ArrayList<>();
    int misses;
    long lastFrameMs;

    /** Points the prediction is fitted to: enough to average out the centroids' jitter. */
    static final int FIT_POINTS = 10;

    double[] predict(long tMs) {
      int n = points.size();
      TrackPoint last = points.get(n - 1);
      if (n == 1) {
        return new double[] {last.x(), last.y()};
      }
      if (n < 4) {
        // Too few points for an acceleration: constant speed from the last two.
        TrackPoint prev = points.get(n - 2);
        double dt = Math.max(1, last.tMs() - prev.tMs());
        double h = tMs - last.tMs();
        return new double[] {last.x() + (last.x() - prev.x()) / dt * h, last.y() + (last.y() - prev.y()) / dt * h};
      }
      // Constant acceleration fitted by least squares to the last points: three points give an
      // acceleration so noisy (centroids jitter by a pixel) that a prediction five frames ahead
      // misses by more than the object's size.
      int from = Math.max(0, n - FIT_POINTS);
      double[] ts = new double[n - from];
      double[] xs = new double[n - from];
      double[] ys = new double[n - from];
      for (int i = from; i < n; i++) {
        TrackPoint p = points.get(i);
        ts[i - from] = p.tMs() - last.tMs();
        xs[i - from] = p.x();
        ys[i - from] = p.y();
      }
      double h = tMs - last.tMs();
      return new double[] {Fits.quadraticAt(ts, xs, h), Fits.quadraticAt(ts, ys, h)};
    }

    double speedPerMs() {
      int n = points.size();
      if (n < 2) {
        return 0;
      }
      TrackPoint a = points.get(n - 2);
      TrackPoint b = points.get(n - 1);
      return Math.hypot(b.x() - a.x(), b.y() - a.y()) / Math.max(1, b.tMs() - a.tMs());
    }
  }

  private final Settings settings;
  private final List<Track> tracks = new ArrayList<>();
  private long lastFrameMs = Long.MIN_VALUE;

  public FallTracker(Settings settings) {
    this.settings = settings;
  }

  /** Number of live tracks (state size). */
  public int liveTracks() {
    return tracks.size();
  }

  /**
   * Adds one frame's blobs.
   *
   * @return tracks finished on this frame, oldest point first
   */
  public List<List<TrackPoint>> update(long tMs, List<Blob> blobs) {
    double frameMs = lastFrameMs == Long.MIN_VALUE ? 40 : Math.max(1, tMs - lastFrameMs);
    lastFrameMs = tMs;
    boolean[] used = new boolean[blobs.size()];
    // Longest tracks choose first: an established fall should not lose its blob to noise.
    tracks.sort(Comparator.comparingInt((Track tr) -> tr.points.size()).reversed());
    for (Track track : tracks) {
      double[] p = track.predict(tMs);
      // The prediction's error grows with the time since the last sighting: the radius does too,
      // but for a coasting track by half a frame's travel per frame unseen rather than a whole one.
      double missGrowth = track.misses <= settings.maxMisses() ? 1 + track.misses
          : 1 + settings.maxMisses() + 0.5 * (track.misses - settings.maxMisses());
      double gate = track.points.size() == 1 ? settings.firstGatePx() * (frameMs / 40.0) * (1 + track.misses)
          : Math.max(settings.gateFloorPx() * Math.sqrt(missGrowth),
              settings.gateSlack() * track.speedPerMs() * frameMs * missGrowth);
      int best = -1;
      double bestDist = gate;
      for (int i = 0; i < blobs.size(); i++) {
        if (used[i]) {
          continue;
        }
        double d = Math.hypot(blobs.get(i).x() - p[0], blobs.get(i).y() - p[1]);
        if (d <= bestDist) {
          best = i;
          bestDist = d;
        }
      }
      if (best >= 0) {
        used[best] = true;
        Blob b = blobs.get(best);
        if (track.points.size() >= settings.maxPoints()) {
          // Full: keep the first half (where it came from, for the origin) and follow with the
          // newest (for the prediction); a track that stopped growing lost slow drifters.
          track.points.remove(settings.maxPoints() / 2);
        }
        track.points.add(new TrackPoint(tMs, b.x(), b.y(), b.area()));
        track.misses = 0;
        track.lastFrameMs = tMs;
      } else {
        track.misses++;
      }
    }
    List<List<TrackPoint>> finished = new ArrayList<>();
    Iterator<Track> it = tracks.iterator();
    while (it.hasNext()) {
      Track track = it.next();
      if (track.misses > settings.maxMissesOf(track.points.size())) {
        it.remove();
        finished.add(List.copyOf(track.points));
      }
    }
    for (int i = 0; i < blobs.size(); i++) {
      if (!used[i]) {
        Track track = new Track();
        Blob b = blobs.get(i);
        track.points.add(new TrackPoint(tMs, b.x(), b.y(), b.area()));
        track.lastFrameMs = tMs;
        tracks.add(track);
      }
    }
    if (tracks.size() > settings.maxTracks()) {
      // Too much is moving (rain, a flock): keep the longest tracks, which are the ones that matter.
      tracks.sort(Comparator.comparingInt((Track tr) -> tr.points.size()).reversed());
      tracks.subList(settings.maxTracks(), tracks.size()).clear();
    }
    return finished;
  }

  /**
   * Whether a finished track is a side piece of an object a longer live track is still following:
   * a live track that began before it, with more points, was within {@code firstGatePx} of it at
   * the same moments for at least half of its points. An object whose blob splits in two (a
   * bottle and the smear of its motion, against a row of windows) gives a second track beside the
   * real one; it often ends first and, judged on its own, names the floor where it began, not
   * the window the object came from.
   */
  public boolean beside(List<TrackPoint> finished) {
    if (finished.isEmpty()) {
      return false;
    }
    int needed = Math.max(2, (finished.size() + 1) / 2);
    for (Track live : tracks) {
      if (live.points.size() <= finished.size() || live.points.get(0).tMs() >= finished.get(0).tMs()) {
        continue;
      }
      int together = 0;
      int j = 0;
      for (TrackPoint p : finished) {
        while (j < live.points.size() && live.points.get(j).tMs() < p.tMs()) {
          j++;
        }
        if (j < live.points.size() && live.points.get(j).tMs() == p.tMs()
            && Math.hypot(live.points.get(j).x() - p.x(), live.points.get(j).y() - p.y()) <= settings.firstGatePx()) {
          together++;
        }
      }
      if (together >= needed) {
        return true;
      }
    }
    return false;
  }

  /** Ends every live track, e.g. at the end of a clip; returns them. */
  public List<List<TrackPoint>> flush() {
    List<List<TrackPoint>> all = new ArrayList<>();
    tracks.forEach(t -> all.add(List.copyOf(t.points)));
    tracks.clear();
    return all;
  }

  /** The live tracks' points, misses and last sighting, for keeping across a restart. */
  List<ThrowingState.KeptTrack> keptTracks() {
    List<ThrowingState.KeptTrack> out = new ArrayList<>(tracks.size());
    for (Track t : tracks) {
      out.add(new ThrowingState.KeptTrack(List.copyOf(t.points), t.misses, t.lastFrameMs));
    }
    return out;
  }

  /** When the last frame was seen, or {@code Long.MIN_VALUE} before the first. */
  long lastFrameMs() {
    return lastFrameMs;
  }

  /** Takes tracks kept before a restart in place of the live ones (at most {@code maxTracks}). */
  void restore(List<ThrowingState.KeptTrack> kept, long lastFrameMs) {
    tracks.clear();
    for (ThrowingState.KeptTrack k : kept) {
      if (tracks.size() >= settings.maxTracks() || k.points().isEmpty()) {
        continue;
      }
      Track t = new Track();
      t.points.addAll(k.points().subList(0, Math.min(k.points().size(), settings.maxPoints())));
      t.misses = k.misses();
      t.lastFrameMs = k.lastFrameMs();
      tracks.add(t);
    }
    this.lastFrameMs = lastFrameMs;
  }

  /** Forgets every track (after a camera shake or a scene change). */
  public void clear() {
    tracks.clear();
  }
}
