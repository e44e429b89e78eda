package io.gridwatch.analytics.vision;

import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.PixelFormat;

/** Frames as the FFmpeg decoder hands them on (I420), made from BGR pixels drawn in a test. */
public final class YuvFrames {

  private YuvFrames() {}

  /** The BGR frame converted to I420 (limited range, as decoded H.264 is). */
  public static Frame of(Frame bgr) {
    return new Frame(bgr.cameraId(), bgr.seq(), bgr.ptsMs(), bgr.wallMs(), bgr.width(), bgr.height(), bgr.keyFrame(),
        PixelFormat.I420, Images.toI420(bgr.pixels(), bgr.width(), bgr.height()));
  }
}
