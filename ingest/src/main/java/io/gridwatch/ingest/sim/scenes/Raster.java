package io.gridwatch.ingest.sim.scenes;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The drawing surface of the scene simulators: packed BGR, a background painted once per clip,
 * dynamic content drawn over a copy of it each frame, and a camera stage ({@link #finish()}) that
 * applies exposure gain, camera shake and sensor noise in one pass into a reused output buffer.
 *
 * <p>Colours are {@code 0xRRGGBB} ints; alphas are 0..1. All primitives clip to the frame and
 * draw into the current target: the background inside {@link #paintBackground(Runnable)}, the
 * frame otherwise. Deterministic for a seed. Not thread-safe.
 */
public final class Raster {

  private final int width;
  private final int height;
  private final byte[] background;
  private final byte[] pixels;
  private final byte[] out;
  private byte[] target;
  private final byte[] noiseTable;
  private final SplittableRandom noise;
  private final int[] lut = new int[256];
  private double gain = 1;
  private int shakeX;
  private int shakeY;
  private double sigma = 2.5;
  // scratch for polygon scan conversion
  private final double[] crossings = new double[64];
  private Object sceneState;

  public Raster(int width, int height, long seed) {
    if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("frame size must be even and at least 16x16, got " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.background = new byte[width * height * 3];
    this.pixels = new byte[width * height * 3];
    this.out = new byte[width * height * 3];
    this.target = pixels;
    this.noise = new SplittableRandom(seed ^ 0x5DEECE66DL);
    this.noiseTable = new byte[1 << 20];
    for (int i = 0; i < noiseTable.length; i++) {
      // sum of two uniforms: bell-shaped enough for sensor noise; unit sigma x 16
      noiseTable[i] = (byte) Math.round((noise.nextDouble() + noise.nextDouble() - 1.0) * 2.45 * 16);
    }
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Runs {@code painter} with the background as the drawing target. */
  public void paintBackground(Runnable painter) {
    target = background;
    try {
      painter.run();
    } finally {
      target = pixels;
    }
  }

  /**
   * Fixed texture grain for background pixel (x, y): a hash, so that a region repainted later
   * gets the same grain as before. Returns -amplitude..amplitude.
   */
  public static int grain(long seed, int x, int y, int amplitude) {
    long z = seed + x * 0x9E3779B97F4A7C15L + y * 0xC2B2AE3D27D4EB4FL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (int) Math.floorMod(z, 2L * amplitude + 1) - amplitude;
  }

  /** Adds {@link #grain} to every background pixel (texture for walls, pavement, sky). */
  public void grainBackground(long seed, int amplitude) {
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int d = grain(seed, x, y, amplitude);
        int o = (y * width + x) * 3;
        for (int c = 0; c < 3; c++) {
          background[o + c] = clampByte((background[o + c] & 0xff) + d);
        }
      }
    }
  }

  /** Copies a rectangle of the background into the frame, e.g. after repainting it. */
  public void restore(int x0, int y0, int x1, int y1) {
    x0 = Math.max(0, x0);
    y0 = Math.max(0, y0);
    x1 = Math.min(width, x1);
    y1 = Math.min(height, y1);
    for (int y = y0; y < y1; y++) {
      int o = (y * width + x0) * 3;
      System.arraycopy(background, o, pixels, o, (x1 - x0) * 3);
    }
  }

  /** A slot for the plan drawing into this raster to keep what it changed in the background. */
  public Object sceneState() {
    return sceneState;
  }

  public void sceneState(Object state) {
    sceneState = state;
  }

  /** Starts a frame: the background, no gain, no shake, the default noise. */
  public void clear() {
    System.arraycopy(background, 0, pixels, 0, pixels.length);
    gain = 1;
    shakeX = 0;
    shakeY = 0;
  }

  /** Multiplies this frame's exposure gain by {@code factor}. */
  public void gain(double factor) {
    gain *= factor;
  }

  /** Shifts this frame by (dx, dy) pixels, as a shaking camera does. */
  public void shake(int dx, int dy) {
    shakeX = dx;
    shakeY = dy;
  }

  /** Sensor noise of about {@code sigma} grey levels from now on. */
  public void noise(double sigma) {
    this.sigma = sigma;
  }

  /**
   * The camera stage: gain, shake and noise applied to the drawn frame. Returns a buffer that is
   * reused by the next call.
   */
  public byte[] finish() {
    for (int v = 0; v < 256; v++) {
      lut[v] = (int) Math.round(v * gain);
    }
    int scaled = (int) Math.round(sigma * 64);
    int mask = noiseTable.length - 1;
    int j = noise.nextInt(noiseTable.length);
    int step = 1 + 2 * noise.nextInt(64); // odd, so the walk covers the whole table
    byte[] nt = noiseTable;
    int[] l = lut;
    if (shakeX == 0 && shakeY == 0) {
      byte[] src = pixels;
      for (int i = 0; i < out.length; i++, j = (j + step) & mask) {
        int v = l[src[i] & 0xff] + ((nt[j] * scaled) >> 10);
        out[i] = (byte) (v < 0 ? 0 : (v > 255 ? 255 : v));
      }
      return out;
    }
    int rowBytes = width * 3;
    for (int y = 0; y < height; y++) {
      int sy = Math.max(0, Math.min(height - 1, y + shakeY));
      int so = sy * rowBytes;
      int o = y * rowBytes;
      for (int x = 0; x < width; x++) {
        int sx = Math.max(0, Math.min(width - 1, x + shakeX));
        int si = so + sx * 3;
        for (int c = 0; c < 3; c++, j = (j + step) & mask) {
          int v = l[pixels[si + c] & 0xff] + ((nt[j] * scaled) >> 10);
          out[o + x * 3 + c] = (byte) (v < 0 ? 0 : (v > 255 ? 255 : v));
        }
      }
    }
    return out;
  }

  /** The frame as drawn so far (before the camera stage); for tests and debugging. */
  public byte[] drawn() {
    return pixels;
  }

  /** The painted background; for tests and debugging. */
  public byte[] background() {
    return background;
  }

  // ---------------------------------------------------------------------------------------------
  // Primitives

  /** Colour of a pixel of the current target, 0xRRGGBB. */
  public int get(int x, int y) {
    int o = (y * width + x) * 3;
    return ((target[o + 2] & 0xff) << 16) | ((target[o + 1] & 0xff) << 8) | (target[o] & 0xff);
  }

  public void set(int x, int y, int rgb) {
    if (x < 0 || y < 0 || x >= width || y >= height) {
      return;
    }
    int o = (y * width + x) * 3;
    target[o] = (byte) rgb;
    target[o + 1] = (byte) (rgb >> 8);
    target[o + 2] = (byte) (rgb >> 16);
  }

  /** Blends {@code rgb} over a pixel with {@code a256} in 0..256. */
  private void blend(int o, int rgb, int a256) {
    byte[] t = target;
    int b = t[o] & 0xff, g = t[o + 1] & 0xff, r = t[o + 2] & 0xff;
    t[o] = (byte) (b + ((((rgb) & 0xff) - b) * a256 >> 8));
    t[o + 1] = (byte) (g + ((((rgb >> 8) & 0xff) - g) * a256 >> 8));
    t[o + 2] = (byte) (r + ((((rgb >> 16) & 0xff) - r) * a256 >> 8));
  }

  private void span(int y, int x0, int x1, int rgb, int a256) {
    if (y < 0 || y >= height) {
      return;
    }
    x0 = Math.max(0, x0);
    x1 = Math.min(width, x1);
    int o = (y * width + x0) * 3;
    if (a256 >= 256) {
      byte b = (byte) rgb, g = (byte) (rgb >> 8), r = (byte) (rgb >> 16);
      for (int x = x0; x < x1; x++, o += 3) {
        target[o] = b;
        target[o + 1] = g;
        target[o + 2] = r;
      }
    } else if (a256 > 0) {
      for (int x = x0; x < x1; x++, o += 3) {
        blend(o, rgb, a256);
      }
    }
  }

  private void shadeSpan(int y, int x0, int x1, int f256) {
    if (y < 0 || y >= height) {
      return;
    }
    x0 = Math.max(0, x0);
    x1 = Math.min(width, x1);
    for (int o = (y * width + x0) * 3, end = (y * width + x1) * 3; o < end; o++) {
      int v = ((target[o] & 0xff) * f256) >> 8;
      target[o] = (byte) (v > 255 ? 255 : v);
    }
  }

  private static int a256(double alpha) {
    return (int) Math.round(Math.max(0, Math.min(1, alpha)) * 256);
  }

  public void fillRect(double x, double y, double w, double h, int rgb) {
    blendRect(x, y, w, h, rgb, 1);
  }

  public void blendRect(double x, double y, double w, double h, int rgb, double alpha) {
    int x0 = (int) Math.round(x), y0 = (int) Math.round(y);
    int x1 = (int) Math.round(x + w), y1 = (int) Math.round(y + h);
    int a = a256(alpha);
    for (int yy = Math.max(0, y0); yy < Math.min(height, y1); yy++) {
      span(yy, x0, x1, rgb, a);
    }
  }

  /** Multiplies the pixels of a rectangle by {@code factor} (shadow &lt; 1, light &gt; 1). */
  public void shadeRect(double x, double y, double w, double h, double factor) {
    int x0 = (int) Math.round(x), y0 = (int) Math.round(y);
    int x1 = (int) Math.round(x + w), y1 = (int) Math.round(y + h);
    int f = (int) Math.round(factor * 256);
    for (int yy = Math.max(0, y0); yy < Math.min(height, y1); yy++) {
      shadeSpan(yy, x0, x1, f);
    }
  }

  /** Fills a polygon (even-odd rule, pixel centres) with a colour at {@code alpha}. */
  public void fillPolygon(double[] xs, double[] ys, int n, int rgb, double alpha) {
    scanPolygon(xs, ys, n, rgb, a256(alpha), -1);
  }

  public void fillPolygon(double[] xs, double[] ys, int rgb) {
    scanPolygon(xs, ys, xs.length, rgb, 256, -1);
  }

  /** Multiplies the pixels of a polygon by {@code factor}. */
  public void shadePolygon(double[] xs, double[] ys, int n, double factor) {
    scanPolygon(xs, ys, n, 0, 0, (int) Math.round(factor * 256));
  }

  private void scanPolygon(double[] xs, double[] ys, int n, int rgb, int a, int shade) {
    if (n < 3) {
      return;
    }
    double minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) {
        return;
      }
      minY = Math.min(minY, ys[i]);
      maxY = Math.max(maxY, ys[i]);
    }
    int y0 = Math.max(0, (int) Math.ceil(minY - 0.5));
    int y1 = Math.min(height - 1, (int) Math.floor(maxY - 0.5));
    for (int y = y0; y <= y1; y++) {
      double cy = y + 0.5;
      int k = 0;
      for (int i = 0, j = n - 1; i < n && k < crossings.length; j = i++) {
        double ya = ys[i], yb = ys[j];
        if ((ya > cy) != (yb > cy)) {
          crossings[k++] = xs[i] + (cy - ya) * (xs[j] - xs[i]) / (yb - ya);
        }
      }
      if (k < 2) {
        continue;
      }
      Arrays.sort(crossings, 0, k);
      for (int c = 0; c + 1 < k; c += 2) {
        int xa = (int) Math.ceil(crossings[c] - 0.5);
        int xb = (int) Math.floor(crossings[c + 1] - 0.5) + 1;
        if (xb <= xa) {
          continue;
        }
        if (shade >= 0) {
          shadeSpan(y, xa, xb, shade);
        } else {
          span(y, xa, xb, rgb, a);
        }
      }
    }
  }

  /** Fills a quadrilateral given corner by corner. */
  public void fillQuad(double x0, double y0, double x1, double y1, double x2, double y2, double x3, double y3,
      int rgb, double alpha) {
    double[] xs = {x0, x1, x2, x3};
    double[] ys = {y0, y1, y2, y3};
    fillPolygon(xs, ys, 4, rgb, alpha);
  }

  /** Fills an ellipse with semi-axes {@code rx, ry}, rotated by {@code angle} radians. */
  public void fillEllipse(double cx, double cy, double rx, double ry, double angle, int rgb, double alpha) {
    rx = Math.max(0.5, rx);
    ry = Math.max(0.5, ry);
    double cos = Math.cos(angle), sin = Math.sin(angle);
    double ext = Math.max(rx, ry);
    int a = a256(alpha);
    int ya = Math.max(0, (int) Math.floor(cy - ext)), yb = Math.min(height - 1, (int) Math.ceil(cy + ext));
    int xa = Math.max(0, (int) Math.floor(cx - ext)), xb = Math.min(width - 1, (int) Math.ceil(cx + ext));
    double irx2 = 1 / (rx * rx), iry2 = 1 / (ry * ry);
    for (int y = ya; y <= yb; y++) {
      double dy = y + 0.5 - cy;
      for (int x = xa; x <= xb; x++) {
        double dx = x + 0.5 - cx;
        double u = dx * cos + dy * sin, v = -dx * sin + dy * cos;
        if (u * u * irx2 + v * v * iry2 <= 1) {
          int o = (y * width + x) * 3;
          if (a >= 256) {
            target[o] = (byte) rgb;
            target[o + 1] = (byte) (rgb >> 8);
            target[o + 2] = (byte) (rgb >> 16);
          } else {
            blend(o, rgb, a);
          }
        }
      }
    }
  }

  /** A disc whose opacity falls from {@code alpha} at the centre to 0 at radius {@code r} (1 - d²/r²). */
  public void softDisc(double cx, double cy, double r, int rgb, double alpha) {
    r = Math.max(1, r);
    int ya = Math.max(0, (int) Math.floor(cy - r)), yb = Math.min(height - 1, (int) Math.ceil(cy + r));
    int xa = Math.max(0, (int) Math.floor(cx - r)), xb = Math.min(width - 1, (int) Math.ceil(cx + r));
    double ir2 = 1 / (r * r);
    for (int y = ya; y <= yb; y++) {
      double dy = y + 0.5 - cy;
      for (int x = xa; x <= xb; x++) {
        double dx = x + 0.5 - cx;
        double q = 1 - (dx * dx + dy * dy) * ir2;
        if (q > 0) {
          blend((y * width + x) * 3, rgb, (int) (alpha * q * 256));
        }
      }
    }
  }

  /** A straight line {@code thickness} pixels wide. */
  public void line(double x0, double y0, double x1, double y1, double thickness, int rgb, double alpha) {
    double dx = x1 - x0, dy = y1 - y0;
    double len = Math.hypot(dx, dy);
    double t = Math.max(0.5, thickness / 2);
    if (len < 1e-6) {
      fillRect(x0 - t, y0 - t, 2 * t, 2 * t, rgb);
      return;
    }
    double nx = -dy / len * t, ny = dx / len * t;
    double[] xs = {x0 + nx, x1 + nx, x1 - nx, x0 - nx};
    double[] ys = {y0 + ny, y1 + ny, y1 - ny, y0 - ny};
    fillPolygon(xs, ys, 4, rgb, alpha);
  }

  /**
   * Copies {@code len} pixels from a BGR {@code source} row (starting at pixel {@code srcX}) into
   * row {@code y} of the target at {@code x}. Used for textures such as moving water.
   */
  public void copyRow(int y, int x, byte[] source, int srcOffsetBytes, int len) {
    if (y < 0 || y >= height || len <= 0) {
      return;
    }
    System.arraycopy(source, srcOffsetBytes, target, (y * width + x) * 3, len * 3);
  }

  static byte clampByte(int v) {
    return (byte) (v < 0 ? 0 : (v > 255 ? 255 : v));
  }

  /** Scales each channel of a colour by {@code f}. */
  public static int shade(int rgb, double f) {
    int r = (int) Math.min(255, Math.round(((rgb >> 16) & 0xff) * f));
    int g = (int) Math.min(255, Math.round(((rgb >> 8) & 0xff) * f));
    int b = (int) Math.min(255, Math.round((rgb & 0xff) * f));
    return (r << 16) | (g << 8) | b;
  }

  /** Mixes two colours: {@code t = 0} gives {@code a}. */
  public static int mix(int a, int b, double t) {
    int r = (int) Math.round(((a >> 16) & 0xff) * (1 - t) + ((b >> 16) & 0xff) * t);
    int g = (int) Math.round(((a >> 8) & 0xff) * (1 - t) + ((b >> 8) & 0xff) * t);
    int bl = (int) Math.round((a & 0xff) * (1 - t) + (b & 0xff) * t);
    return (Math.max(0, Math.min(255, r)) << 16) | (Math.max(0, Math.min(255, g)) << 8) | Math.max(0, Math.min(255, bl));
  }

  public static int rgb(int r, int g, int b) {
    return (Math.max(0, Math.min(255, r)) << 16) | (Math.max(0, Math.min(255, g)) << 8) | Math.max(0, Math.min(255, b));
  }

  /** Luma of a colour, 0..255. */
  public static double luma(int rgb) {
    return 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
  }
}
