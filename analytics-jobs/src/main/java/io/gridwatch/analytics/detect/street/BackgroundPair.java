package io.gridwatch.analytics.detect.street;

/**
 * The pixel model of the street-occupation detector: an empty-street <b>reference</b> that
 * learns only where nothing new stands, and a <b>short-term</b> background that follows the
 * street within seconds. What differs from the reference but no longer from the short-term
 * background is new and has stood still for a while: goods set down, a stall, a parked bicycle,
 * people standing. What differs from both is moving (walkers, cars).
 *
 * <p>Lighting: the reference is compared after a global gain, the median brightness ratio of the
 * frame to the reference over the pixels that match it, so exposure drift, clouds and a dusk
 * ramp do not make the whole street "new". A pixel that is darker than the reference by a similar
 * factor in all three channels is a shadow and does not count (the usual colour-constancy test).
 *
 * <p>Works on packed BGR bytes of the working image; all state is in Java arrays, so its size is
 * known ({@link #stateBytes()}) and it can be copied out for keeping ({@link #referenceBytes()}).
 * Not thread-safe.
 */
final class BackgroundPair {

  private final int width;
  private final int height;
  private final int pixels;
  private final float[] reference;
  private final float[] shortTerm;
  /**
   * Per pixel, when it began to differ from the reference, shadow or not (deciseconds since
   * {@link #originMs}), or -1.
   */
  private final int[] differentSince;
  /**
   * Per pixel, how many samples in a row it has matched the reference while it still has a
   * {@link #differentSince}: it is forgotten only after {@link #MATCHES_TO_FORGET}.
   */
  private final byte[] matchRun;
  private final byte[] different;
  private final byte[] still;
  private final byte[] moving;
  private final byte[] shade;
  private final int[] ratioHistogram = new int[RATIO_BINS];
  private long originMs;
  private double gain = 1;

  /**
   * Samples in a row a pixel must match the reference before its arrival is forgotten. One
   * sample with a wrong gain (a bus near the camera skews the median) can make a dark thing
   * match for that sample; its arrival must survive that, or the thing would seem newly set down.
   */
  static final int MATCHES_TO_FORGET = 2;
  private static final int RATIO_BINS = 256;
  private static final double RATIO_MIN = 0.25;
  private static final double RATIO_MAX = 4.0;

  BackgroundPair(int width, int height) {
    this.width = width;
    this.height = height;
    this.pixels = width * height;
    this.reference = new float[pixels * 3];
    this.shortTerm = new float[pixels * 3];
    this.differentSince = new int[pixels];
    this.matchRun = new byte[pixels];
    this.different = new byte[pixels];
    this.still = new byte[pixels];
    this.moving = new byte[pixels];
    this.shade = new byte[pixels];
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  /** Starts afresh: the image becomes both the reference and the short-term background. */
  void reset(byte[] bgr, long timeMs) {
    for (int i = 0; i < reference.length; i++) {
      float v = bgr[i] & 0xff;
      reference[i] = v;
      shortTerm[i] = v;
    }
    java.util.Arrays.fill(differentSince, -1);
    java.util.Arrays.fill(matchRun, (byte) 0);
    java.util.Arrays.fill(different, (byte) 0);
    java.util.Arrays.fill(still, (byte) 0);
    java.util.Arrays.fill(moving, (byte) 0);
    java.util.Arrays.fill(shade, (byte) 0);
    originMs = timeMs;
    gain = 1;
  }

  /** Restores a reference kept from before (a restart); the short-term background starts from it. */
  void restoreReference(byte[] referenceBgr, long timeMs) {
    reset(referenceBgr, timeMs);
  }

  /**
   * Estimates the image's gain against the reference and returns the share of the image that
   * differs from the reference after it, without learning anything. A large share means the view
   * is hidden or changed as a whole: a bus passing close to the camera, a bumped camera, lights
   * switched that the gain cannot explain.
   */
  double changedShare(byte[] bgr, double threshold) {
    gain = estimateGain(bgr);
    float g = (float) gain;
    int changed = 0;
    for (int p = 0, i = 0; p < pixels; p += 2, i += 6) {
      float dR = Math.max(Math.abs((bgr[i] & 0xff) - reference[i] * g), Math.max(
          Math.abs((bgr[i + 1] & 0xff) - reference[i + 1] * g), Math.abs((bgr[i + 2] & 0xff) - reference[i + 2] * g)));
      if (dR > threshold) {
        changed++;
      }
    }
    return changed / (double) ((pixels + 1) / 2);
  }

  /**
   * Starts from several images of a new view: each pixel's median over them becomes both
   * backgrounds, so a passer-by or a car seen in fewer than half of them leaves no trace (a
   * reference holding one would show a ghost where it stood once it is gone).
   */
  void resetToMedian(java.util.List<byte[]> images, long timeMs) {
    int n = images.size();
    byte[] median = new byte[reference.length];
    int[] values = new int[n];
    for (int i = 0; i < median.length; i++) {
      for (int k = 0; k < n; k++) {
        values[k] = images.get(k)[i] & 0xff;
      }
      java.util.Arrays.sort(values);
      median[i] = (byte) values[n / 2];
    }
    reset(median, timeMs);
  }

  /**
   * Compares the image with both backgrounds, then lets them learn. Call {@link #changedShare}
   * first: it estimates the gain used here.
   *
   * @param bgr       working image, packed BGR
   * @param timeMs    its time
   * @param dtSeconds time since the previous image
   */
  void update(byte[] bgr, long timeMs, double dtSeconds, StreetOccupationDetector.Settings s) {
    double threshold = s.diffThreshold();
    double half = threshold / 2;
    float aShort = (float) Math.min(1, dtSeconds / s.shortTermSeconds());
    float aLearn = (float) Math.min(1, dtSeconds / s.referenceSeconds());
    float aAbsorb = (float) Math.min(1, dtSeconds / s.absorbSeconds());
    float g = (float) gain;
    float invG = 1f / g;
    int now = (int) ((timeMs - originMs) / 100);
    for (int p = 0, i = 0; p < pixels; p++, i += 3) {
      float b = bgr[i] & 0xff, gr = bgr[i + 1] & 0xff, r = bgr[i + 2] & 0xff;
      float rb = reference[i] * g, rg = reference[i + 1] * g, rr = reference[i + 2] * g;
      float dR = Math.max(Math.abs(b - rb), Math.max(Math.abs(gr - rg), Math.abs(r - rr)));
      float sb = shortTerm[i], sg = shortTerm[i + 1], sr = shortTerm[i + 2];
      float dS = Math.max(Math.abs(b - sb), Math.max(Math.abs(gr - sg), Math.abs(r - sr)));
      boolean shadowed = dR > threshold && shadow(b, gr, r, rb, rg, rr);
      boolean diff = dR > threshold && !shadowed;
      boolean mov = dS > threshold;
      different[p] = (byte) (diff ? 1 : 0);
      moving[p] = (byte) (mov ? 1 : 0);
      still[p] = (byte) (diff && !mov ? 1 : 0);
      shade[p] = (byte) (shadowed && !mov ? 1 : 0);
      if (diff || shadowed) {
        matchRun[p] = 0;
        if (differentSince[p] < 0) {
          differentSince[p] = now;
        }
      } else if (differentSince[p] >= 0 && ++matchRun[p] >= MATCHES_TO_FORGET) {
        differentSince[p] = -1;
        matchRun[p] = 0;
      }
      shortTerm[i] = sb + aShort * (b - sb);
      shortTerm[i + 1] = sg + aShort * (gr - sg);
      shortTerm[i + 2] = sr + aShort * (r - sr);
      // Hysteresis: only a pixel that clearly matches learns at the normal rate; a new thing,
      // even its faint edges, fades in only over absorbSeconds, so goods are not eaten from the
      // outside in before their dwell time.
      float a = dR < half ? aLearn : (diff && !mov ? aAbsorb : 0f);
      if (a > 0) {
        reference[i] += a * (b * invG - reference[i]);
        reference[i + 1] += a * (gr * invG - reference[i + 1]);
        reference[i + 2] += a * (r * invG - reference[i + 2]);
      }
    }
  }

  /**
   * A shadow darkens what is behind it by about the same factor in every channel, and keeps its
   * colour; new goods, clothes or a person change the colour, or brighten.
   */
  private static boolean shadow(float b, float g, float r, float rb, float rg, float rr) {
    if (rb + rg + rr < 60) {
      return false; // too dark to judge a ratio
    }
    float kb = (b + 1) / (rb + 1), kg = (g + 1) / (rg + 1), kr = (r + 1) / (rr + 1);
    float lo = Math.min(kb, Math.min(kg, kr)), hi = Math.max(kb, Math.max(kg, kr));
    return lo >= 0.45f && hi <= 0.93f && hi - lo <= 0.08f;
  }

  /**
   * Median ratio of the image's brightness to the reference's, over every third pixel that did
   * not differ on the previous image (what differs is something new, not light).
   */
  private double estimateGain(byte[] bgr) {
    java.util.Arrays.fill(ratioHistogram, 0);
    int n = 0;
    double logMin = Math.log(RATIO_MIN);
    double scale = RATIO_BINS / (Math.log(RATIO_MAX) - logMin);
    for (int p = 0, i = 0; p < pixels; p += 3, i += 9) {
      if (different[p] != 0) {
        continue;
      }
      float luma = (bgr[i] & 0xff) + (bgr[i + 1] & 0xff) + (bgr[i + 2] & 0xff);
      float ref = reference[i] + reference[i + 1] + reference[i + 2];
      if (ref < 30 || luma >= 760) {
        continue; // black or blown-out pixels say nothing about the gain
      }
      int bin = (int) ((Math.log((luma + 1) / (ref + 1)) - logMin) * scale);
      ratioHistogram[Math.max(0, Math.min(RATIO_BINS - 1, bin))]++;
      n++;
    }
    if (n < pixels / 50) {
      return gain; // too little to go by: keep the last estimate
    }
    int half = n / 2;
    for (int bin = 0, seen = 0; bin < RATIO_BINS; bin++) {
      seen += ratioHistogram[bin];
      if (seen > half) {
        return Math.exp(logMin + (bin + 0.5) / scale);
      }
    }
    return gain;
  }

  double gain() {
    return gain;
  }

  /** 1 where the pixel differs from the reference and has stood still (not moving), else 0. */
  byte[] still() {
    return still;
  }

  /**
   * 1 where the pixel is in a shadow that has stood still: on its own it is light, not a thing,
   * but next to a still thing it is that thing's own shadow and part of what it covers.
   */
  byte[] stillShadow() {
    return shade;
  }

  /** 1 where the pixel differs from the reference (still or moving). */
  byte[] different() {
    return different;
  }

  /** 1 where the pixel differs from the short-term background: something moving or just arrived. */
  byte[] moving() {
    return moving;
  }

  /** When pixel {@code p} began to differ from the reference, in ms on the frames' clock, or MIN_VALUE. */
  long differentSinceMs(int p) {
    int v = differentSince[p];
    return v < 0 ? Long.MIN_VALUE : originMs + v * 100L;
  }

  /**
   * Share of the given pixels that have matched the reference since {@code sinceMs} (for {@link
   * #MATCHES_TO_FORGET} samples in a row): what stood on them then has gone, whatever may stand
   * there now.
   */
  double returnedShare(int[] pixelIndices, long sinceMs) {
    if (pixelIndices.length == 0) {
      return 1;
    }
    int returned = 0;
    for (int p : pixelIndices) {
      long since = differentSinceMs(p);
      if (since == Long.MIN_VALUE || since > sinceMs) {
        returned++;
      }
    }
    return returned / (double) pixelIndices.length;
  }

  /** The reference (the street as it is when empty), as packed 8-bit BGR. */
  byte[] referenceBytes() {
    byte[] out = new byte[reference.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Math.max(0, Math.min(255, Math.round(reference[i])));
    }
    return out;
  }

  /** Bytes held by this model's arrays. */
  long stateBytes() {
    return 4L * reference.length + 4L * shortTerm.length + 4L * differentSince.length + matchRun.length + different.length + still.length
        + moving.length + shade.length + 4L * ratioHistogram.length;
  }
}
