package io.gridwatch.ingest.sim;

import io.gridwatch.ingest.encode.ClipWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Generated camera clips with something to detect, for the demo site and for tests: a shop
 * front where a stall is put out and later taken in, and a river bank where a person walks into
 * the danger zone by the water. 640x360 at 25 fps, H.264, deterministic for a seed.
 *
 * <p>The geometry is fixed so that scene files can name it: see {@link #SHOP_ZONE} and {@link
 * #DANGER_ZONE}.
 */
public final class DemoClips {

  public static final int WIDTH = 640;
  public static final int HEIGHT = 360;
  public static final int FPS = 25;

  /** The sidewalk in front of the shop, as a scene-file polygon. */
  public static final String SHOP_ZONE = "[[200,260],[360,260],[360,340],[200,340]]";
  /** The bank next to the water, as a scene-file polygon. */
  public static final String DANGER_ZONE = "[[380,250],[620,250],[620,300],[380,300]]";
  /** The water surface, as a scene-file polygon. */
  public static final String WATER = "[[0,300],[640,300],[640,360],[0,360]]";

  private DemoClips() {}

  /**
   * A shop front: pedestrians pass now and then; from {@code placeAtS} to {@code removeAtS} a
   * stall with goods stands on the sidewalk.
   */
  public static Path shopFront(Path out, long seed, int seconds, int placeAtS, int removeAtS) throws IOException {
    Canvas canvas = new Canvas(WIDTH, HEIGHT, seed);
    try (ClipWriter writer = new ClipWriter(out, WIDTH, HEIGHT, FPS, 2 * FPS, 900_000)) {
      for (int i = 0; i < seconds * FPS; i++) {
        double t = i / (double) FPS;
        canvas.clear();
        if (t >= placeAtS && t < removeAtS) {
          canvas.fillRect(230, 272, 100, 56, 40, 120, 200); // table
          canvas.fillRect(240, 262, 30, 12, 30, 200, 230); // goods on it
          canvas.fillRect(285, 258, 35, 16, 180, 60, 60);
        }
        // A pedestrian crosses the street every 9 s, taking about 3 s to pass the shop.
        double phase = (t + seed % 5) % 9.0;
        if (phase < 4.0) {
          canvas.person(120 + (int) (phase * 110), 350, 80, 50, 50, 150);
        }
        // Slow light drift, as clouds pass.
        canvas.brightness(1.0 + 0.03 * Math.sin(t / 7.0));
        writer.write(canvas.render(2.5));
      }
    }
    return out;
  }

  /**
   * A river bank: a person walks along the path and, from {@code enterAtS} to {@code leaveAtS},
   * stands in the danger zone by the water; ripples move on the water all the time.
   */
  public static Path riverBank(Path out, long seed, int seconds, int enterAtS, int leaveAtS) throws IOException {
    Canvas canvas = new Canvas(WIDTH, HEIGHT, seed);
    try (ClipWriter writer = new ClipWriter(out, WIDTH, HEIGHT, FPS, 2 * FPS, 900_000)) {
      for (int i = 0; i < seconds * FPS; i++) {
        double t = i / (double) FPS;
        canvas.clear();
        canvas.fillRect(0, 300, WIDTH, 60, 120, 80, 40); // water
        for (int k = 0; k < 8; k++) { // ripples drifting with the current
          int x = (int) ((k * 90 + t * 30) % WIDTH);
          canvas.fillRect(x, 310 + (k % 3) * 15, 40, 2, 150, 110, 70);
        }
        if (t >= enterAtS && t < leaveAtS) {
          canvas.figure(500, 295, 80, 40, 220, 240); // yellow raincoat
        } else if (t < enterAtS) {
          int x = (int) Math.min(300, 40 + t * 40); // walking the path above the zone
          canvas.figure(x, 240, 60, 40, 220, 240);
        }
        writer.write(canvas.render(2.5));
      }
    }
    return out;
  }

  /** A scene file for a {@link #shopFront} clip. */
  public static String shopFrontScene(String cameraId, String gridId, double dwellSeconds, double everySeconds) {
    return """
        cameraId: %s
        gridId: %s
        scene: street-occupation
        sampling: {mode: every, everySeconds: %s}
        streetOccupation:
          zones:
            - id: shop-front
              polygon: %s
              dwellSeconds: %s
              minCoverage: 0.15
        """.formatted(cameraId, gridId, everySeconds, SHOP_ZONE, dwellSeconds);
  }

  /** A scene file for a {@link #riverBank} clip. */
  public static String riverScene(String cameraId, String gridId, double dwellSeconds, double everySeconds) {
    return """
        cameraId: %s
        gridId: %s
        scene: river
        sampling: {mode: every, everySeconds: %s}
        river:
          water: %s
          dangerZones:
            - id: bank-east
              polygon: %s
              dwellSeconds: %s
              minCoverage: 0.05
        """.formatted(cameraId, gridId, everySeconds, WATER, DANGER_ZONE, dwellSeconds);
  }
}
