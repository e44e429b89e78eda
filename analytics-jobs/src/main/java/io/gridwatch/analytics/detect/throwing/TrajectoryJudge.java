package io.gridwatch.analytics.detect.throwing;

import java.util.List;

/**
 * Judges a finished track in the facade's plane (GUIDE §8, "Throwing"): a fall drops at least two
 * floors, moves down in most steps, fits a parabola whose acceleration is near g, and starts on
 * the facade; the (floor, column) of origin is the fitted parabola's apex, where the object left
 * the window. A bag or a box with a large face falls with drag: it accelerates less than g and
 * soon moves at a steady few metres a second, faster than any light object; it is a fall too. A
 * light object (tissue, paper, leaf) drops as far but at walking speed, and is reported with low
 * confidence rather than dropped (a falling tissue was a real case). A fall that fits gravity well
 * counts from a shorter drop (a low floor leaves little to see), and so does one seen landing at
 * the foot of the facade. Birds (level, rising, or gliding fast and mostly sideways), lights and laundry (no
 * drop), insects and rain (erratic, or fast without acceleration) are rejected.
 *
 * <p>Thresholds are physical (metres, seconds, g), not tuned to any clip: the projection through
 * the four-corner homography is approximate (an object thrown outwards leaves the facade's plane),
 * so the gravity test accepts 0.45..1.6 g.
 */
public final class TrajectoryJudge {

  static final double G = 9.81;

  /**
   * Tuning.
   *
   * @param minPoints        fewest sightings to judge a track
   * @param minDropFloors    a fall covers at least this many floors
   * @param minDropFloorsAtG a fall whose acceleration is within 0.6..1.4 g: at least this many
   * @param minDownShare     share of steps that must go down
   * @param minAccelG        heavy fall: lowest acceleration, in g
   * @param maxAccelG        heavy fall: highest acceleration, in g
   * @param maxLightSpeedMps light fall: highest mean downward speed
   * @param minDragAccelG    fall with drag: lowest acceleration, in g (below minAccelG)
   * @param maxApexLeadSec   how far before the first sighting the release may be extrapolated
   * @param facadeMarginCols how far outside the facade (in columns) an origin may lie
   */
  public record Settings(int minPoints, double minDropFloors, double minDropFloorsAtG, double minDownShare,
      double minAccelG, double maxAccelG, double maxLightSpeedMps, double minDragAccelG, double maxApexLeadSec,
      double facadeMarginCols) {

    public static Settings defaults() {
      return new Settings(5, 2.0, 1.0, 0.8, 0.45, 1.6, 3.0, 0.12, 1.5, 0.5);
    }
  }

  private final Facade facade;
  private final Settings settings;

  public TrajectoryJudge(Facade facade, Settings settings) {
    this.facade = facade;
    this.settings = settings;
  }

  public Trajectory judge(List<TrackPoint> points) {
    int n = points.size();
    if (n < settings.minPoints()) {
      return rejected(points, "only " + n + " sightings");
    }
    double t0 = points.get(0).tMs() / 1000.0;
    double[] t = new double[n];
    double[] u = new double[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      TrackPoint p = points.get(i);
      double[] f = facade.toFacade(p.x(), p.y());
      t[i] = p.tMs() / 1000.0 - t0;
      u[i] = f[0];
      v[i] = f[1];
    }
    double drop = v[n - 1] - v[0];
    int down = 0;
    for (int i = 1; i < n; i++) {
      if (v[i] > v[i - 1]) {
        down++;
      }
    }
    double downShare = down / (double) (n - 1);
    double[] q = Fits.quadratic(t, v); // v = q0 + q1 t + q2 t^2
    double accel = 2 * q[2];
    double[] lin = Fits.line(t, u); // u = l0 + l1 t
    double duration = t[n - 1];
    double meanDownSpeed = duration <= 0 ? 0 : drop / duration;
    double horizontalSpeed = Math.abs(lin[1]);

    boolean nearG = accel >= 0.6 * G && accel <= 1.4 * G;
    // Seen down to the foot of the facade with a fall's acceleration: it landed, and from a low
    // window there are not two floors to drop (a bag from the second floor falls 4-5 m).
    boolean landed = v[n - 1] >= facade.heightMeters() - 0.5 * facade.floorHeightMeters()
        && accel >= settings.minAccelG() * G && accel <= settings.maxAccelG() * G;
    double minDrop = (nearG || landed ? settings.minDropFloorsAtG() : settings.minDropFloors())
        * facade.floorHeightMeters();
    if (drop < minDrop) {
      return rejected(points, String.format(java.util.Locale.ROOT, "dropped %.1f m at %.1f m/s2, less than %.1f floors",
          drop, accel, minDrop / facade.floorHeightMeters()));
    }
    if (downShare < settings.minDownShare()) {
      return rejected(points, String.format(java.util.Locale.ROOT, "moved down in %.0f%% of steps", downShare * 100));
    }

    boolean heavy = accel >= settings.minAccelG() * G && accel <= settings.maxAccelG() * G;
    boolean dragged = !heavy && accel >= settings.minDragAccelG() * G && accel < settings.minAccelG() * G
        && meanDownSpeed > settings.maxLightSpeedMps() && horizontalSpeed <= meanDownSpeed;
    boolean light = !heavy && !dragged && Math.abs(accel) < settings.minAccelG() * G
        && meanDownSpeed <= settings.maxLightSpeedMps() && horizontalSpeed <= 2 * meanDownSpeed;
    if (!heavy && !dragged && !light) {
      return rejected(points, String.format(java.util.Locale.ROOT,
          "acceleration %.1f m/s2, mean fall speed %.1f m/s, sideways %.1f m/s: neither a fall nor a drifting light object",
          accel, meanDownSpeed, horizontalSpeed));
    }

    // Release: the parabola's apex (vertical speed zero) if it lies shortly before the first
    // sighting; objects are often first seen a few frames after they leave the window.
    double release = 0;
    if (heavy && q[2] > 0) {
      double apex = -q[1] / (2 * q[2]);
      if (apex < 0 && apex >= -settings.maxApexLeadSec()) {
        release = apex;
      }
    }
    double ou = lin[0] + lin[1] * release;
    double ov = q[0] + q[1] * release + q[2] * release * release;
    if (!heavy) {
      // No parabola to trace back: the first sighting is the best estimate of the window.
      ou = u[0];
      ov = v[0];
    }
    double margin = settings.facadeMarginCols() * facade.columnWidthMeters();
    if (!facade.contains(ou, ov, margin)) {
      return rejected(points, String.format(java.util.Locale.ROOT, "starts off the facade at (%.1f m, %.1f m)", ou, ov));
    }
    long releaseMs = Math.round((t0 + release) * 1000);
    int floor = facade.floorAt(ov);
    int column = facade.columnAt(ou);
    double confidence;
    String reason;
    if (heavy) {
      double fit = Math.abs(accel / G - 1); // 0 at exactly g
      confidence = Math.max(0.5, Math.min(0.98, 0.95 - 0.4 * fit + 0.01 * Math.min(5, n - settings.minPoints())));
      reason = String.format(java.util.Locale.ROOT, "fall: %.1f m in %.2f s at %.1f m/s2", drop, duration, accel);
    } else if (dragged) {
      confidence = 0.7;
      reason = String.format(java.util.Locale.ROOT, "fall with drag: %.1f m in %.2f s at %.1f m/s2, %.1f m/s", drop,
          duration, accel, meanDownSpeed);
    } else {
      confidence = 0.25;
      reason = String.format(java.util.Locale.ROOT, "light object: %.1f m in %.2f s at %.1f m/s", drop, duration,
          meanDownSpeed);
    }
    return new Trajectory(heavy || dragged ? Trajectory.Verdict.FALL : Trajectory.Verdict.LIGHT_FALL, confidence, floor, column,
        releaseMs, accel, drop, List.copyOf(points), reason);
  }

  private static Trajectory rejected(List<TrackPoint> points, String reason) {
    return new Trajectory(Trajectory.Verdict.REJECTED, 0, 0, 0, points.isEmpty() ? 0 : points.get(0).tMs(), 0, 0,
        List.copyOf(points), reason);
  }
}
