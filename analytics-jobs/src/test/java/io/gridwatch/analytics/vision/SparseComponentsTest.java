package io.gridwatch.analytics.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_32S;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class SparseComponentsTest {

  /** OpenCV's labelling of the same mask, as (area, centroid x, centroid y), for comparison. */
  private static List<double[]> opencv(Mat mask) {
    List<double[]> out = new ArrayList<>();
    try (Mat labels = new Mat(); Mat stats = new Mat(); Mat centroids = new Mat()) {
      int n = opencv_imgproc.connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
      try (IntIndexer s = stats.createIndexer(); DoubleIndexer c = centroids.createIndexer()) {
        for (int i = 1; i < n; i++) {
          out.add(new double[] {s.get(i, opencv_imgproc.CC_STAT_AREA), c.get(i, 0), c.get(i, 1)});
        }
      }
    }
    return sorted(out);
  }

  private static List<double[]> ours(SparseComponents components, Mat mask) {
    List<double[]> out = new ArrayList<>();
    for (SparseComponents.Component c : components.find(mask, opencv_core.countNonZero(mask))) {
      out.add(new double[] {c.area(), c.centroidX(), c.centroidY()});
    }
    return sorted(out);
  }

  private static List<double[]> sorted(List<double[]> list) {
    list.sort(Comparator.<double[]>comparingDouble(v -> v[2]).thenComparingDouble(v -> v[1])
        .thenComparingDouble(v -> v[0]));
    return list;
  }

  private static void assertSame(List<double[]> actual, List<double[]> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i)[0]).isEqualTo(expected.get(i)[0]);
      assertThat(actual.get(i)[1]).isCloseTo(expected.get(i)[1], org.assertj.core.data.Offset.offset(1e-9));
      assertThat(actual.get(i)[2]).isCloseTo(expected.get(i)[2], org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void findsTheSameComponentsAsOpenCvOnRandomSparseMasks() {
    Random random = new Random(5);
    try (SparseComponents components = new SparseComponents()) {
      for (int trial = 0; trial < 200; trial++) {
        int w = 8 + random.nextInt(120);
        int h = 8 + random.nextInt(80);
        double density = random.nextDouble() * 0.5; // up to half set: many touching runs
        try (Mat mask = new Mat(h, w, CV_8UC1); UByteIndexer m = mask.createIndexer()) {
          for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
              m.put(y, x, random.nextDouble() < density ? 255 : 0);
            }
          }
          assertSame(ours(components, mask), opencv(mask));
        }
      }
    }
  }

  @Test
  void joinsRunsThatTouchOnlyAtACornerAndKeepsOneRowGapsApart() {
    try (SparseComponents components = new SparseComponents(); Mat mask = new Mat(6, 10, CV_8UC1);
        UByteIndexer m = mask.createIndexer()) {
      mask.put(new org.bytedeco.opencv.opencv_core.Scalar(0));
      m.put(0, 0, 255);
      m.put(1, 1, 255); // diagonal neighbour: the same component
      m.put(3, 1, 255); // one empty row between: another component
      m.put(3, 5, 255);
      m.put(3, 6, 255);
      m.put(4, 7, 255); // diagonal below the end of a run
      List<double[]> found = ours(components, mask);
      assertSame(found, opencv(mask));
      assertThat(found).hasSize(3);
    }
  }

  @Test
  void anEmptyMaskHasNoComponents() {
    try (SparseComponents components = new SparseComponents(); Mat mask = new Mat(4, 4, CV_8UC1)) {
      mask.put(new org.bytedeco.opencv.opencv_core.Scalar(0));
      assertThat(components.find(mask, -1)).isEmpty();
      assertThat(components.find(mask, 0)).isEmpty();
    }
  }
}
