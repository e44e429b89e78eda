package io.gridwatch.analytics.detect.throwing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Joins the pieces of a fall the tracker lost in between. A small dark object can vanish against
 * dark glass for longer than a track may coast, and the tracker then ends one track and starts
 * another; neither piece alone drops far enough to count. Rejected pieces are kept for a short
 * while; when a later piece ends, each kept piece that ended before it began is tried in front of
 * it, and the two are joined when one fall explains both: a single constant-acceleration path in
 * the facade's plane fits all their points within {@code maxResidualMeters}. The joined track
 * is then judged like any other.
 *
 * <p>Bounded: at most {@code maxFragments} pieces, each kept for {@code maxGapMs} after its end.
 */
final class FragmentJoiner {

  /**
   * @param maxGapMs          longest time between one piece's end and the next one's start
   * @param maxResidualMeters largest RMS distance of the pieces' points from the one fitted path
   * @param minPoints         fewest sightings of each piece, the earlier and the later one
   * @param maxFragments      pieces kept at once
   */
  record Settings(long maxGapMs, double maxResidualMeters, int minPoints, int maxFragments) {

    static Settings defaults() {
      // A 1.5 m window pane crossed at 2-5 m/s, near the top of a fall, takes 0.3-0.75 s.
      return new Settings(1_000, 0.35, 4, 16);
    }
  }

  private final Facade facade;
  private final Settings settings;
  private final Deque<List<TrackPoint>> fragments = new ArrayDeque<>();
  /** Tracks already reported as falls, kept as long as pieces: a later piece of one is no new fall. */
  private final Deque<List<TrackPoint>> reported = new ArrayDeque<>();

  FragmentJoiner(Facade facade, Settings settings) {
    this.facade = facade;
    this.settings = settings;
  }

  /**
   * The pieces kept that one fall explains together with {@code track}, joined in time order,
   * each a candidate for the judge (most recent piece first); the caller tells which one it used.
   */
  List<List<TrackPoint>> candidates(List<TrackPoint> track) {
    if (track.size() < settings.minPoints()) {
      // A piece of one or two sightings fits any path: it would join noise to anything.
      return List.of();
    }
    long start = track.get(0).tMs();
    List<List<TrackPoint>> out = new ArrayList<>();
    for (Iterator<List<TrackPoint>> it = fragments.descendingIterator(); it.hasNext(); ) {
      List<TrackPoint> piece = it.next();
      long end = piece.get(piece.size() - 1).tMs();
      if (end >= start || start - end > settings.maxGapMs()) {
        continue;
      }
      List<TrackPoint> joined = new ArrayList<>(piece.size() + track.size());
      joined.addAll(piece);
      joined.addAll(track);
      if (oneFall(joined)) {
        out.add(joined);
      }
    }
    return out;
  }

  /**
   * Whether {@code track} is the continuation of a fall already reported: the tracker split a
   * fall whose first piece was long enough to be reported on its own.
   */
  boolean continuesReported(List<TrackPoint> track) {
    if (track.size() < settings.minPoints()) {
      return false;
    }
    long start = track.get(0).tMs();
    for (List<TrackPoint> fall : reported) {
      long end = fall.get(fall.size() - 1).tMs();
      if (end >= start && sameObject(fall, track)) {
        return true; // a second track on the same object at the same time (it split in two blobs)
      }
      if (end < start && start - end <= settings.maxGapMs()) {
        List<TrackPoint> joined = new ArrayList<>(fall);
        joined.addAll(track);
        if (oneFall(joined)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Remembers a reported fall for a while, so that its later pieces are not reported again. */
  void reported(List<TrackPoint> fall, long nowMs) {
    prune(nowMs);
    reported.addLast(fall);
    while (reported.size() > settings.maxFragments()) {
      reported.removeFirst();
    }
  }

  /** Forgets a piece once it is part of an accepted fall. */
  void used(List<TrackPoint> joined) {
    fragments.removeIf(p -> !p.isEmpty() && joined.get(0).equals(p.get(0)));
  }

  /** Keeps a rejected track as a possible piece of a later fall, and forgets old pieces. */
  void keep(List<TrackPoint> rejected, long nowMs) {
    prune(nowMs);
    if (rejected.size() >= settings.minPoints()) {
      fragments.addLast(rejected);
      while (fragments.size() > settings.maxFragments()) {
        fragments.removeFirst();
      }
    }
  }

  /** Forgets pieces too old to be joined to anything that ends from now on. */
  void prune(long nowMs) {
    fragments.removeIf(p -> stale(p, nowMs));
    reported.removeIf(p -> stale(p, nowMs));
  }

  /** Too old to join, or from before a jump back in time (a looped clip, a restarted stream). */
  private boolean stale(List<TrackPoint> piece, long nowMs) {
    long end = piece.get(piece.size() - 1).tMs();
    return nowMs - end > settings.maxGapMs() || nowMs < end;
  }

  /** Rejected pieces kept for joining, oldest first. */
  List<List<TrackPoint>> pieces() {
    return List.copyOf(fragments);
  }

  /** Falls reported lately, oldest first. */
  List<List<TrackPoint>> reportedFalls() {
    return List.copyOf(reported);
  }

  /** Takes pieces and reported falls kept before a restart (at most {@code maxFragments} of each). */
  void restore(List<List<TrackPoint>> pieces, List<List<TrackPoint>> reportedFalls) {
    clear();
    pieces.stream().filter(p -> !p.isEmpty()).forEach(fragments::addLast);
    reportedFalls.stream().filter(p -> !p.isEmpty()).forEach(reported::addLast);
    while (fragments.size() > settings.maxFragments()) {
      fragments.removeFirst();
    }
    while (reported.size() > settings.maxFragments()) {
      reported.removeFirst();
    }
  }

  int size() {
    return fragments.size() + reported.size();
  }

  void clear() {
    fragments.clear();
    reported.clear();
  }

  /**
   * Whether two tracks that overlap in time follow one object: at the frames both saw, they lie
   * within a metre of each other in the facade's plane, at the median.
   */
  private boolean sameObject(List<TrackPoint> a, List<TrackPoint> b) {
    java.util.Map<Long, TrackPoint> byTime = new java.util.HashMap<>();
    for (TrackPoint p : a) {
      byTime.put(p.tMs(), p);
    }
    List<Double> distances = new ArrayList<>();
    for (TrackPoint q : b) {
      TrackPoint p = byTime.get(q.tMs());
      if (p != null) {
        double[] fp = facade.toFacade(p.x(), p.y());
        double[] fq = facade.toFacade(q.x(), q.y());
        distances.add(Math.hypot(fp[0] - fq[0], fp[1] - fq[1]));
      }
    }
    if (distances.size() < settings.minPoints()) {
      return false;
    }
    distances.sort(null);
    return distances.get(distances.size() / 2) <= SAME_OBJECT_METERS;
  }

  /** Two sightings this close at the same moment are one object (its size plus centroid jitter). */
  static final double SAME_OBJECT_METERS = 1.0;

  private boolean oneFall(List<TrackPoint> points) {
    int n = points.size();
    double t0 = points.get(0).tMs() / 1000.0;
    double[] t = new double[n];
    double[] u = new double[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double[] f = facade.toFacade(points.get(i).x(), points.get(i).y());
      t[i] = points.get(i).tMs() / 1000.0 - t0;
      u[i] = f[0];
      v[i] = f[1];
    }
    double[] qv = Fits.quadratic(t, v);
    double[] qu = Fits.quadratic(t, u);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double dv = v[i] - (qv[0] + qv[1] * t[i] + qv[2] * t[i] * t[i]);
      double du = u[i] - (qu[0] + qu[1] * t[i] + qu[2] * t[i] * t[i]);
      sum += dv * dv + du * du;
    }
    return Math.sqrt(sum / n) <= settings.maxResidualMeters();
  }
}
