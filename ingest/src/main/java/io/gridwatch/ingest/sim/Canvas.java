package io.gridwatch.ingest.sim;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A plain-Java BGR drawing surface for generated footage: a static textured background, shapes
 * drawn per frame, and camera-like sensor noise. Deterministic for a given seed.
 */
public final class Canvas {

  private final int width;
  private final int height;
  private final byte[] background;
  private final byte[] pixels;
  private final SplittableRandom noise;
  /** Pre-drawn noise, read from a random offset each frame: drawing fresh numbers per pixel is
   * the slowest part of generating footage, and sensor noise needs no better randomness. */
  private final byte[] noiseTable;

  /** A street-like background: sky band, building blocks with windows, grey pavement. */
  public Canvas(int width, int height, long seed) {
    this.width = width;
    this.height = height;
    this.background = new byte[width * height * 3];
    this.pixels = new byte[width * height * 3];
    this.noise = new SplittableRandom(seed ^ 0x5DEECE66DL);
    this.noiseTable = new byte[1 << 20];
    for (int i = 0; i < noiseTable.length; i++) {
      // sum of two uniforms: cheap, bell-shaped enough for sensor noise; unit sigma x 16
      noiseTable[i] = (byte) Math.round((noise.nextDouble() + noise.nextDouble() - 1.0) * 2.45 * 16);
    }
    paintBackground(new SplittableRandom(seed));
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Makes what is drawn now the background that {@link #clear()} returns to. */
  public Canvas useAsBackground() {
    System.arraycopy(pixels, 0, background, 0, pixels.length);
    return this;
  }

  /** Starts a new frame from the background. */
  public Canvas clear() {
    System.arraycopy(background, 0, pixels, 0, pixels.length);
    return this;
  }

  /** Fills an axis-aligned rectangle (clipped to the frame). */
  public Canvas fillRect(int x, int y, int w, int h, int b, int g, int r) {
    int x0 = Math.max(0, x), y0 = Math.max(0, y);
    int x1 = Math.min(width, x + w), y1 = Math.min(height, y + h);
    for (int yy = y0; yy < y1; yy++) {
      int o = (yy * width + x0) * 3;
      for (int xx = x0; xx < x1; xx++, o += 3) {
        pixels[o] = (byte) b;
        pixels[o + 1] = (byte) g;
        pixels[o + 2] = (byte) r;
      }
    }
    return this;
  }

  /** Fills a disc (clipped to the frame). */
  public Canvas fillCircle(int cx, int cy, int radius, int b, int g, int r) {
    for (int yy = Math.max(0, cy - radius); yy < Math.min(height, cy + radius + 1); yy++) {
      for (int xx = Math.max(0, cx - radius); xx < Math.min(width, cx + radius + 1); xx++) {
        if ((xx - cx) * (xx - cx) + (yy - cy) * (yy - cy) <= radius * radius) {
          int o = (yy * width + xx) * 3;
          pixels[o] = (byte) b;
          pixels[o + 1] = (byte) g;
          pixels[o + 2] = (byte) r;
        }
      }
    }
    return this;
  }

  /** A standing person, roughly: head and body, {@code h} pixels tall with feet at (x, y). */
  public Canvas person(int x, int y, int h, int b, int g, int r) {
    int bodyW = Math.max(2, h / 4);
    fillRect(x - bodyW / 2, y - h + h / 5, bodyW, h - h / 5, b, g, r);
    return fillCircle(x, y - h + h / 10, Math.max(1, h / 10), 60, 80, 120);
  }

  /**
   * A person with a silhouette a people detector recognises: head, shoulders wider than the
   * hips, arms at the sides, two legs apart. {@code h} pixels tall with the feet at (x, y); the
   * coat in (b, g, r), trousers dark.
   */
  public Canvas figure(int x, int y, int h, int b, int g, int r) {
    int shoulderY = y - (int) Math.round(h * 0.84);
    int hipY = y - (int) Math.round(h * 0.48);
    int torsoW = Math.max(4, (int) Math.round(h * 0.26));
    int legW = Math.max(2, (int) Math.round(h * 0.09));
    int armW = Math.max(1, (int) Math.round(h * 0.06));
    // legs, a little apart
    fillRect(x - torsoW / 2 + 1, hipY, legW, y - hipY, 50, 45, 40);
    fillRect(x + torsoW / 2 - legW - 1, hipY, legW, y - hipY, 50, 45, 40);
    // torso, narrowing from the shoulders to the hips
    for (int yy = shoulderY; yy < hipY + h / 30; yy++) {
      double k = (yy - shoulderY) / (double) Math.max(1, hipY - shoulderY);
      int w = (int) Math.round(torsoW * (1.1 - 0.2 * k));
      fillRect(x - w / 2, yy, w, 1, b, g, r);
    }
    // arms hanging at the sides
    int armTop = shoulderY + h / 50;
    fillRect(x - (int) Math.round(torsoW * 0.55) - armW, armTop, armW, hipY - armTop + h / 20, b * 4 / 5, g * 4 / 5,
        r * 4 / 5);
    fillRect(x + (int) Math.round(torsoW * 0.55), armTop, armW, hipY - armTop + h / 20, b * 4 / 5, g * 4 / 5,
        r * 4 / 5);
    // neck and head
    int headR = Math.max(2, (int) Math.round(h * 0.068));
    fillRect(x - headR / 2, shoulderY - headR / 2, headR, headR / 2 + 1, 120, 150, 200);
    fillCircle(x, shoulderY - (int) Math.round(headR * 1.2), headR, 120, 150, 200);
    return fillCircle(x, shoulderY - (int) Math.round(headR * 1.7), headR * 4 / 5, 30, 30, 35);
  }

  /** Scales the brightness of a rectangle (clipped), e.g. 0.7 for a shadow falling on it. */
  public Canvas shade(int x, int y, int w, int h, double factor) {
    int x0 = Math.max(0, x), y0 = Math.max(0, y);
    int x1 = Math.min(width, x + w), y1 = Math.min(height, y + h);
    for (int yy = y0; yy < y1; yy++) {
      for (int i = (yy * width + x0) * 3; i < (yy * width + x1) * 3; i++) {
        pixels[i] = (byte) Math.min(255, (int) Math.round((pixels[i] & 0xff) * factor));
      }
    }
    return this;
  }

  /** Scales every pixel's brightness, e.g. 0.9 for a cloud passing. */
  public Canvas brightness(double factor) {
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) Math.min(255, (int) Math.round((pixels[i] & 0xff) * factor));
    }
    return this;
  }

  /** Adds zero-mean sensor noise of about {@code sigma} grey levels and returns the frame. */
  public byte[] render(double sigma) {
    byte[] out = Arrays.copyOf(pixels, pixels.length);
    if (sigma > 0) {
      // table entries are unit noise x 16, so entry * (sigma * 64) / 1024 = noise * sigma
      int scaled = (int) Math.round(sigma * 64);
      int mask = noiseTable.length - 1;
      int offset = noise.nextInt(noiseTable.length);
      int step = 1 + 2 * noise.nextInt(64); // odd, so the walk covers the whole table
      for (int i = 0, j = offset; i < out.length; i++, j = (j + step) & mask) {
        int n = (noiseTable[j] * scaled) >> 10;
        out[i] = (byte) Math.max(0, Math.min(255, (out[i] & 0xff) + n));
      }
    }
    return out;
  }

  private void paintBackground(SplittableRandom rnd) {
    int skyEnd = height / 4;
    int pavement = height * 3 / 5;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int o = (y * width + x) * 3;
        int b, g, r;
        if (y < skyEnd) {
          b = 200 - y / 4; g = 170 - y / 5; r = 140 - y / 6;
        } else if (y < pavement) {
          b = 120; g = 125; r = 135; // facade
        } else {
          int tile = ((x / 24) + (y / 12)) % 2 == 0 ? 0 : 8;
          b = 95 + tile; g = 100 + tile; r = 105 + tile;
        }
        background[o] = (byte) b;
        background[o + 1] = (byte) g;
        background[o + 2] = (byte) r;
      }
    }
    // Windows and shop fronts give the background edges, as a real street has.
    int cols = Math.max(3, width / 80);
    for (int c = 0; c < cols; c++) {
      for (int rowY = skyEnd + 10; rowY < pavement - 30; rowY += 30) {
        int shade = 60 + rnd.nextInt(40);
        paintRect(c * width / cols + 12, rowY, width / cols - 30, 16, shade, shade + 10, shade + 5);
      }
      paintRect(c * width / cols + 8, pavement - 26, width / cols - 16, 24, 70, 90, 110);
    }
  }

  private void paintRect(int x, int y, int w, int h, int b, int g, int r) {
    for (int yy = Math.max(0, y); yy < Math.min(height, y + h); yy++) {
      for (int xx = Math.max(0, x); xx < Math.min(width, x + w); xx++) {
        int o = (yy * width + xx) * 3;
        background[o] = (byte) b;
        background[o + 1] = (byte) g;
        background[o + 2] = (byte) r;
      }
    }
  }
}
