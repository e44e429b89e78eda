package io.gridwatch.analytics.detect.throwing;

import io.gridwatch.analytics.detect.StateCodec;
import io.gridwatch.contracts.config.Point;
import io.gridwatch.contracts.config.ThrowingScene;
import java.util.ArrayList;
import java.util.List;

/**
 * What the throwing detector keeps across a restart, and its byte format: the live tracks (a fall
 * under way at the restart is followed to its end, not lost), the falls reported in the last
 * second (a later piece of one is not reported again) and the rejected pieces that a later piece
 * may still join. All of it is in image pixels of one frame size and judged with one facade, so
 * both are kept with it and a restart onto another facade or frame size starts afresh.
 *
 * <p>The background the blobs are found against is not kept: it forgets in 5 s and is learned
 * again from the first frames. Size: 20 bytes a tracked point, bounded by the tracker (64 tracks
 * of at most 400 points) and the joiner (16 pieces and 16 falls, each at most a second old).
 *
 * @param frameWidth  frame size the points belong to
 * @param frameHeight frame size the points belong to
 * @param scene       the facade the tracks were judged with
 * @param lastFrameMs the tracker's last frame
 * @param tracks      live tracks
 * @param pieces      rejected pieces kept for joining
 * @param reported    falls reported lately
 */
record ThrowingState(int frameWidth, int frameHeight, ThrowingScene scene, long lastFrameMs, List<KeptTrack> tracks,
    List<List<TrackPoint>> pieces, List<List<TrackPoint>> reported) {

  static final String KIND = "throwing";
  static final int VERSION = 1;

  private static final int MAX_LISTS = 4_096;
  private static final int MAX_POINTS = 100_000;

  /** A live track: its sightings, frames missed since the last, and the last frame it was seen on. */
  record KeptTrack(List<TrackPoint> points, int misses, long lastFrameMs) {}

  /** Whether state kept under {@code scene} and frames of this size fits these. */
  boolean fits(ThrowingScene current, int width, int height) {
    return frameWidth == width && frameHeight == height && scene.equals(current);
  }

  byte[] encode() {
    StateCodec.Writer w = StateCodec.writer(KIND, VERSION);
    w.writeInt(frameWidth).writeInt(frameHeight);
    w.writeInt(scene.facade().size());
    for (Point p : scene.facade()) {
      w.writeDouble(p.x()).writeDouble(p.y());
    }
    w.writeInt(scene.floors()).writeInt(scene.columns());
    w.writeLong(lastFrameMs);
    w.writeInt(tracks.size());
    for (KeptTrack t : tracks) {
      w.writeInt(t.misses()).writeLong(t.lastFrameMs());
      writePoints(w, t.points());
    }
    writeLists(w, pieces);
    writeLists(w, reported);
    return w.toBytes();
  }

  static ThrowingState decode(byte[] bytes) {
    StateCodec.Reader r = StateCodec.reader(bytes, KIND, VERSION);
    int width = r.readInt();
    int height = r.readInt();
    int corners = r.readCount(64);
    List<Point> facade = new ArrayList<>(corners);
    for (int i = 0; i < corners; i++) {
      facade.add(new Point(r.readDouble(), r.readDouble()));
    }
    int floors = r.readInt();
    int columns = r.readInt();
    ThrowingScene scene;
    try {
      scene = new ThrowingScene(facade, floors, columns);
    } catch (RuntimeException e) {
      throw new StateCodec.StateFormatException(KIND + " state: its facade is not valid: " + e.getMessage());
    }
    long lastFrameMs = r.readLong();
    int n = r.readCount(MAX_LISTS);
    List<KeptTrack> tracks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int misses = r.readInt();
      long last = r.readLong();
      tracks.add(new KeptTrack(readPoints(r), misses, last));
    }
    return new ThrowingState(width, height, scene, lastFrameMs, tracks, readLists(r), readLists(r));
  }

  /** Points as time, x, y and area; x, y and area as floats (a hundredth of a pixel is plenty). */
  private static void writePoints(StateCodec.Writer w, List<TrackPoint> points) {
    w.writeInt(points.size());
    for (TrackPoint p : points) {
      w.writeLong(p.tMs()).writeFloat((float) p.x()).writeFloat((float) p.y()).writeFloat((float) p.area());
    }
  }

  private static List<TrackPoint> readPoints(StateCodec.Reader r) {
    int n = r.readCount(MAX_POINTS);
    List<TrackPoint> points = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      points.add(new TrackPoint(r.readLong(), r.readFloat(), r.readFloat(), r.readFloat()));
    }
    return List.copyOf(points);
  }

  private static void writeLists(StateCodec.Writer w, List<List<TrackPoint>> lists) {
    w.writeInt(lists.size());
    lists.forEach(l -> writePoints(w, l));
  }

  private static List<List<TrackPoint>> readLists(StateCodec.Reader r) {
    int n = r.readCount(MAX_LISTS);
    List<List<TrackPoint>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(readPoints(r));
    }
    return out;
  }
}
