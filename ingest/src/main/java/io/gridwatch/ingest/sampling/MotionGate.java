package io.gridwatch.ingest.sampling;

import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.PixelFormat;

/**
 * A cheap "did anything move?" test: a 64-pixel-wide grey thumbnail, read straight from the
 * frame's bytes by striding (no scaling library, no allocation per frame), compared with the
 * thumbnail of the last frame sent on. Costs a few microseconds a frame, so it can gate a
 * detector that costs milliseconds. Sensor noise is ignored by requiring a grey-level change of
 * {@value #PIXEL_THRESHOLD} per thumbnail pixel.
 */
final class MotionGate {

  static final int THUMB_WIDTH = 64;
  static final int PIXEL_THRESHOLD = 20;

  private final double minChangedShare;
  private int[] last;
  private int[] current;
  private int thumbW;
  private int thumbH;

  MotionGate(double minChangedShare) {
    this.minChangedShare = minChangedShare;
  }

  /** Whether the frame differs enough from the last frame sent. */
  boolean changed(Frame frame) {
    thumbnail(frame);
    if (last == null || last.length != current.length) {
      return true;
    }
    int changed = 0;
    for (int i = 0; i < current.length; i++) {
      if (Math.abs(current[i] - last[i]) > PIXEL_THRESHOLD) {
        changed++;
      }
    }
    return changed >= Math.max(1, minChangedShare * current.length);
  }

  /** The frame last passed to {@link #changed} was sent on: compare the next ones with it. */
  void sent(Frame frame) {
    int[] swap = last;
    last = current;
    current = swap != null && swap.length == last.length ? swap : new int[last.length];
  }

  void reset() {
    last = null;
  }

  private void thumbnail(Frame frame) {
    int w = frame.width();
    int h = frame.height();
    int step = Math.max(1, w / THUMB_WIDTH);
    int tw = w / step;
    int th = h / step;
    if (current == null || tw != thumbW || th != thumbH) {
      thumbW = tw;
      thumbH = th;
      current = new int[tw * th];
      last = null; // a resolution change: the next frame is new by definition
    }
    byte[] px = frame.pixels();
    boolean planar = frame.format() == PixelFormat.I420;
    int k = 0;
    for (int y = 0; y < th; y++) {
      int row = (y * step) * w;
      for (int x = 0; x < tw; x++) {
        if (planar) {
          // Y is limited range (16..235): stretched to 0..255 so that thresholds mean the same
          // brightness step as for BGR frames.
          int luma = ((px[row + x * step] & 0xff) - 16) * 298 >> 8;
          current[k++] = Math.max(0, Math.min(255, luma));
        } else {
          int o = (row + x * step) * 3;
          // integer luma: (B*29 + G*150 + R*77) / 256
          current[k++] = ((px[o] & 0xff) * 29 + (px[o + 1] & 0xff) * 150 + (px[o + 2] & 0xff) * 77) >> 8;
        }
      }
    }
  }
}
