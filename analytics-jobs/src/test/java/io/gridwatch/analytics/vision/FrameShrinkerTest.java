package io.gridwatch.analytics.vision;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.Frame;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

class FrameShrinkerTest {

  @Test
  void aYuvFrameShrunkBeforeItsColourConversionLooksLikeTheShrunkBgrFrame() {
    Frame bgr = ImagesTest.scene();
    Frame yuv = YuvFrames.of(bgr);
    try (FrameShrinker fromBgr = new FrameShrinker(); FrameShrinker fromYuv = new FrameShrinker();
        Size size = new Size(160, 120)) {
      Mat a = fromBgr.toSmallBgr(bgr, size);
      Mat b = fromYuv.toSmallBgr(yuv, size);
      assertThat(b.cols()).isEqualTo(160);
      assertThat(b.rows()).isEqualTo(120);
      assertThat(b.channels()).isEqualTo(3);
      // 4:2:0 halves the colour resolution: edges of the squares differ, the rest agrees.
      assertThat(opencv_core.norm(a, b, opencv_core.NORM_L1, null) / (160 * 120 * 3)).as("mean difference")
          .isLessThan(4);
    }
  }

  @Test
  void reusingItsBuffersGivesWhatAFreshShrinkerGives() {
    Frame first = YuvFrames.of(ImagesTest.scene());
    byte[] inverted = first.pixels().clone();
    for (int i = 0; i < first.width() * first.height(); i++) {
      inverted[i] = (byte) (255 - (inverted[i] & 0xff)); // a different picture of the same size
    }
    Frame second = new Frame("cam-i", 1, 40, 40, first.width(), first.height(), false, first.format(), inverted);
    try (FrameShrinker reused = new FrameShrinker(); Size size = new Size(160, 120); Size other = new Size(80, 60)) {
      reused.toSmallBgr(first, size);
      Mat again = reused.toSmallBgr(second, size).clone();
      try (FrameShrinker fresh = new FrameShrinker()) {
        assertThat(opencv_core.norm(again, fresh.toSmallBgr(second, size), opencv_core.NORM_INF, null)).isZero();
        Mat smaller = reused.toSmallBgr(second, other); // a new size re-makes the buffers
        assertThat(smaller.cols()).isEqualTo(80);
        assertThat(opencv_core.norm(smaller, fresh.toSmallBgr(second, other), opencv_core.NORM_INF, null)).isZero();
      }
      again.close();
    }
  }
}
