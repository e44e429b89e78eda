package io.gridwatch.analytics.vision;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.Frame;
import java.util.Random;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class ImagesTest {

  private static final int W = 320;
  private static final int H = 240;

  /** Smooth gradients with a few sharp squares: what detectors meet, and chroma that varies. */
  static Frame scene() {
    byte[] bgr = new byte[W * H * 3];
    Random random = new Random(1);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int o = (y * W + x) * 3;
        bgr[o] = (byte) (40 + x / 2);
        bgr[o + 1] = (byte) (30 + y / 2);
        bgr[o + 2] = (byte) (200 - x / 3);
      }
    }
    for (int k = 0; k < 6; k++) {
      int x0 = random.nextInt(W - 20);
      int y0 = random.nextInt(H - 20);
      for (int y = y0; y < y0 + 16; y++) {
        for (int x = x0; x < x0 + 16; x++) {
          int o = (y * W + x) * 3;
          bgr[o] = (byte) 250;
          bgr[o + 1] = (byte) 250;
          bgr[o + 2] = (byte) 250;
        }
      }
    }
    return new Frame("cam-i", 0, 0, 0, W, H, true, bgr);
  }

  @Test
  void aYuvFrameConvertedWholeIsTheBgrFrameItCameFrom() {
    Frame bgr = scene();
    try (Mat a = Images.toMat(bgr); Mat b = Images.toMat(YuvFrames.of(bgr))) {
      assertThat(opencv_core.norm(a, b, opencv_core.NORM_L1, null) / (W * H * 3)).isLessThan(4);
    }
  }
}
