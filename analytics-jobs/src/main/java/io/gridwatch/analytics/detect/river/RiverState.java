package io.gridwatch.analytics.detect.river;

import io.gridwatch.analytics.detect.StateCodec;
import io.gridwatch.contracts.config.Point;
import io.gridwatch.contracts.config.Polygon;
import java.util.ArrayList;
import java.util.List;

/**
 * What the river detector keeps across a restart, and its byte format. Only what decides alerts;
 * the per-pixel models (the water's colour and flicker, the motion gate, the gauge's last
 * picture) are learned again from the stream within their time constants (20 s at most), which
 * is shorter than anything below needs to be remembered for.
 *
 * <ul>
 *   <li><b>Water level</b>: whether the alarm is raised, since when the level has been above (or
 *       back below) the line, and the readings of the median window. A level that alerted before
 *       the restart does not alert again for the same crossing; one that was rising keeps its
 *       sustain time.</li>
 *   <li><b>Intrusion</b>: each danger zone's episode (since when a person is there, last seen,
 *       alerted).</li>
 *   <li><b>Debris</b>: the objects alerted on in the last two minutes, followed by prediction, so
 *       that one still drifting after the restart is not alerted again; and the per-day debris
 *       summaries.</li>
 * </ul>
 *
 * Geometry is kept with each part (the line and gauge, each zone's polygon, the water polygon):
 * a part whose geometry changed while the job was down starts afresh. About 100 bytes per zone,
 * 4 kB for a full median window, under 1 kB for debris.
 *
 * @param level     the water level's state, or null without a gauge
 * @param zones     danger zones' episodes
 * @param debris    the debris state
 */
record RiverState(Level level, List<ZoneEpisode> zones, Debris debris) {

  static final String KIND = "river";
  static final int VERSION = 1;

  private static final int MAX_ITEMS = 10_000;

  /**
   * @param line         the alarm line it was judged against
   * @param gauge        the gauge region it was read in
   * @param alarmed      the alarm is raised (its alert was sent)
   * @param aboveSinceMs since when the median has been above the line, or MIN_VALUE
   * @param belowSinceMs since when it has been back below by the hysteresis, or MIN_VALUE
   * @param lastLevel    the last median, NaN before the first
   * @param readings     the median window: {timeMs, row * 10}
   */
  record Level(List<Point> line, Polygon gauge, boolean alarmed, long aboveSinceMs, long belowSinceMs, double lastLevel,
      List<long[]> readings) {

    boolean fits(io.gridwatch.contracts.config.WaterLevel config) {
      return line.equals(config.line()) && gauge.equals(config.gaugeRegion());
    }
  }

  /** One danger zone's episode, with the polygon it belongs to. */
  record ZoneEpisode(String id, Polygon polygon, long sinceMs, long lastSeenMs, boolean alerted, int samplesSeen) {}

  /**
   * @param water       the water polygon the positions belong to
   * @param alerted     objects alerted on lately: {ms, x, y, vx, vy, size} in working pixels
   * @param lastStartMs start of the last debris alert (ids derive from it)
   * @param nextTrackId next track number
   * @param days        the current day's summary and the finished ones, oldest first
   */
  record Debris(Polygon water, List<double[]> alerted, long lastStartMs, long nextTrackId, List<DebrisDay> days) {}

  byte[] encode() {
    StateCodec.Writer w = StateCodec.writer(KIND, VERSION);
    w.writeBoolean(level != null);
    if (level != null) {
      writePoints(w, level.line());
      writePoints(w, level.gauge().points());
      w.writeBoolean(level.alarmed()).writeLong(level.aboveSinceMs()).writeLong(level.belowSinceMs())
          .writeDouble(level.lastLevel());
      w.writeInt(level.readings().size());
      level.readings().forEach(r -> w.writeLong(r[0]).writeLong(r[1]));
    }
    w.writeInt(zones.size());
    for (ZoneEpisode z : zones) {
      w.writeString(z.id());
      writePoints(w, z.polygon().points());
      w.writeLong(z.sinceMs()).writeLong(z.lastSeenMs()).writeBoolean(z.alerted()).writeInt(z.samplesSeen());
    }
    writePoints(w, debris.water().points());
    w.writeInt(debris.alerted().size());
    for (double[] a : debris.alerted()) {
      for (int i = 0; i < 6; i++) {
        w.writeDouble(a[i]);
      }
    }
    w.writeLong(debris.lastStartMs()).writeLong(debris.nextTrackId());
    w.writeInt(debris.days().size());
    for (DebrisDay d : debris.days()) {
      w.writeString(d.day()).writeInt(d.items()).writeDouble(d.coveredShare()).writeDouble(d.peakShare());
    }
    return w.toBytes();
  }

  static RiverState decode(byte[] bytes) {
    StateCodec.Reader r = StateCodec.reader(bytes, KIND, VERSION);
    Level level = null;
    if (r.readBoolean()) {
      List<Point> line = readPoints(r);
      Polygon gauge = polygon(readPoints(r));
      boolean alarmed = r.readBoolean();
      long above = r.readLong();
      long below = r.readLong();
      double last = r.readDouble();
      int n = r.readCount(MAX_ITEMS);
      List<long[]> readings = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        readings.add(new long[] {r.readLong(), r.readLong()});
      }
      level = new Level(line, gauge, alarmed, above, below, last, readings);
    }
    int zoneCount = r.readCount(MAX_ITEMS);
    List<ZoneEpisode> zones = new ArrayList<>(zoneCount);
    for (int i = 0; i < zoneCount; i++) {
      String id = r.readString();
      Polygon polygon = polygon(readPoints(r));
      zones.add(new ZoneEpisode(id, polygon, r.readLong(), r.readLong(), r.readBoolean(), r.readInt()));
    }
    Polygon water = polygon(readPoints(r));
    int alertedCount = r.readCount(MAX_ITEMS);
    List<double[]> alerted = new ArrayList<>(alertedCount);
    for (int i = 0; i < alertedCount; i++) {
      double[] a = new double[6];
      for (int k = 0; k < 6; k++) {
        a[k] = r.readDouble();
      }
      alerted.add(a);
    }
    long lastStartMs = r.readLong();
    long nextTrackId = r.readLong();
    int dayCount = r.readCount(MAX_ITEMS);
    List<DebrisDay> days = new ArrayList<>(dayCount);
    for (int i = 0; i < dayCount; i++) {
      days.add(new DebrisDay(r.readString(), r.readInt(), r.readDouble(), r.readDouble()));
    }
    return new RiverState(level, zones, new Debris(water, alerted, lastStartMs, nextTrackId, days));
  }

  private static void writePoints(StateCodec.Writer w, List<Point> points) {
    w.writeInt(points.size());
    points.forEach(p -> w.writeDouble(p.x()).writeDouble(p.y()));
  }

  private static List<Point> readPoints(StateCodec.Reader r) {
    int n = r.readCount(MAX_ITEMS);
    List<Point> pts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      pts.add(new Point(r.readDouble(), r.readDouble()));
    }
    return pts;
  }

  private static Polygon polygon(List<Point> pts) {
    try {
      return new Polygon(pts);
    } catch (RuntimeException e) {
      throw new StateCodec.StateFormatException(KIND + " state: a polygon that is not valid: " + e.getMessage());
    }
  }
}
