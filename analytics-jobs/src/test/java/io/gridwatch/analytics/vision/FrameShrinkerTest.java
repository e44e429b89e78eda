package io.gridwatch.analytics.vision;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.Frame;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

class FrameShrinkerTest {

  @Test
  void greyOfAYuvFrameMatchesGreyOfTheSameBgrFrame() {
    Frame bgr = ImagesTest.scene();
    Frame yuv = YuvFrames.of(bgr);
    try (FrameShrinker fromBgr = new FrameShrinker(); FrameShrinker fromYuv = new FrameShrinker();
        Rect region = new Rect(32, 20, 200, 160); Size size = new Size(100, 80)) {
      Mat a = fromBgr.greyRegion(bgr, region, size);
      Mat b = fromYuv.greyRegion(yuv, region, size);
      assertThat(b.cols()).isEqualTo(100);
      assertThat(b.rows()).isEqualTo(80);
      assertThat(opencv_core.norm(a, b, opencv_core.NORM_INF, null)).as("largest grey difference")
          .isLessThanOrEqualTo(3);
    }
  }

  @Test
  void aClosedShrinkerMakesItsBuffersAgainOnTheNextFrame() {
    Frame yuv = YuvFrames.of(ImagesTest.scene());
    try (FrameShrinker shrinker = new FrameShrinker(); FrameShrinker fresh = new FrameShrinker();
        Rect region = new Rect(0, 0, 320, 240); Size size = new Size(160, 120)) {
      shrinker.greyRegion(yuv, region, size);
      shrinker.close();
      Mat again = shrinker.greyRegion(yuv, region, size);
      assertThat(opencv_core.norm(again, fresh.greyRegion(yuv, region, size), opencv_core.NORM_INF, null)).isZero();
      shrinker.close();
      assertThat(shrinker.toSmallBgr(yuv, size).cols()).isEqualTo(160);
    }
  }

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
