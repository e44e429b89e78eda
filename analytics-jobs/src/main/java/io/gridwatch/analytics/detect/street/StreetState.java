package io.gridwatch.analytics.detect.street;

import io.gridwatch.analytics.detect.StateCodec;
import io.gridwatch.analytics.vision.Images;
import io.gridwatch.contracts.config.Point;
import io.gridwatch.contracts.config.Polygon;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the street-occupation detector keeps across a restart, and its byte format.
 *
 * <p>The <b>episodes</b> decide alerts: each zone's phase (idle, pending, alerted), when its
 * episode began, when it was last seen clear and when it last alerted (the cooldown). Each is kept
 * with its zone's polygon, so that a zone moved while the job was down starts idle, as a retune
 * would do ({@link StreetOccupationDetector#retune}). About 100 bytes per zone.
 *
 * <p>The <b>reference</b> is the empty street the detector compares with. Without it a restarted
 * detector would learn the street with the goods standing in it: an alerted zone would then look
 * clear and report a clear that did not happen. It is kept as a lossless PNG of its 8-bit working
 * image every {@link #KEEP_REFERENCE_EVERY_MS} of camera time; the reference follows the street
 * slowly (light over a minute, new things over hours), so one a few minutes old still tells goods
 * from pavement, and the global gain takes out the light that changed since.
 */
final class StreetState {

  static final String KIND = "street-occupation";
  static final String IMAGES_KIND = "street-occupation-reference";
  static final int VERSION = 1;
  /** How often the reference is kept, in camera time. */
  static final long KEEP_REFERENCE_EVERY_MS = 120_000;

  private static final int MAX_ZONES = 1_000;
  private static final int MAX_POINTS = 10_000;
  private static final int EPISODE_LONGS = 8;

  /** A zone's episode as it was kept, with the polygon it belonged to. */
  record KeptZone(String id, Polygon polygon, long[] episode) {}

  /**
   * The reference image as it was kept.
   *
   * @param frameWidth  full-resolution frame it was learned from
   * @param frameHeight full-resolution frame it was learned from
   * @param width       working image width
   * @param height      working image height
   * @param timeMs      when it was kept (camera time)
   * @param bgr         packed 8-bit BGR pixels of the working image
   */
  record Reference(int frameWidth, int frameHeight, int width, int height, long timeMs, byte[] bgr) {}

  private StreetState() {}

  static byte[] encodeEpisodes(Map<String, Polygon> polygons, Map<String, ZoneEpisode> episodes) {
    StateCodec.Writer w = StateCodec.writer(KIND, VERSION);
    w.writeInt(episodes.size());
    for (Map.Entry<String, ZoneEpisode> e : episodes.entrySet()) {
      w.writeString(e.getKey());
      List<Point> pts = polygons.get(e.getKey()).points();
      w.writeInt(pts.size());
      for (Point p : pts) {
        w.writeDouble(p.x()).writeDouble(p.y());
      }
      for (long v : e.getValue().toLongs()) {
        w.writeLong(v);
      }
    }
    return w.toBytes();
  }

  static Map<String, KeptZone> decodeEpisodes(byte[] bytes) {
    StateCodec.Reader r = StateCodec.reader(bytes, KIND, VERSION);
    int zones = r.readCount(MAX_ZONES);
    Map<String, KeptZone> out = new LinkedHashMap<>();
    for (int z = 0; z < zones; z++) {
      String id = r.readString();
      int n = r.readCount(MAX_POINTS);
      List<Point> pts = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        pts.add(new Point(r.readDouble(), r.readDouble()));
      }
      long[] episode = new long[EPISODE_LONGS];
      for (int i = 0; i < EPISODE_LONGS; i++) {
        episode[i] = r.readLong();
      }
      if (episode[0] < 0 || episode[0] >= ZoneEpisode.Phase.values().length) {
        throw new StateCodec.StateFormatException(KIND + " state: zone " + id + " has an unknown phase " + episode[0]);
      }
      out.put(id, new KeptZone(id, new Polygon(pts), episode));
    }
    return out;
  }

  static byte[] encodeReference(Reference ref) {
    return StateCodec.writer(IMAGES_KIND, VERSION)
        .writeInt(ref.frameWidth()).writeInt(ref.frameHeight())
        .writeInt(ref.width()).writeInt(ref.height())
        .writeLong(ref.timeMs())
        .writeBytes(Images.png(ref.bgr(), ref.width(), ref.height()))
        .toBytes();
  }

  static Reference decodeReference(byte[] bytes) {
    StateCodec.Reader r = StateCodec.reader(bytes, IMAGES_KIND, VERSION);
    int frameWidth = r.readInt();
    int frameHeight = r.readInt();
    int width = r.readInt();
    int height = r.readInt();
    long timeMs = r.readLong();
    if (width < 1 || height < 1 || width > 4096 || height > 4096) {
      throw new StateCodec.StateFormatException(IMAGES_KIND + " state: a " + width + "x" + height + " image");
    }
    byte[] png = r.readBytes(64 << 20);
    byte[] bgr = png == null ? null : Images.decodeBgr(png, width, height);
    if (bgr == null) {
      throw new StateCodec.StateFormatException(IMAGES_KIND + " state: the image does not decode to " + width + "x"
          + height);
    }
    return new Reference(frameWidth, frameHeight, width, height, timeMs, bgr);
  }
}
