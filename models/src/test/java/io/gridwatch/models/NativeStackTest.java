package io.gridwatch.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Guards the dependency pin: ND4J (openblas) and JavaCV (OpenCV) share javacpp, and only with
 * javacpp at 1.5.13 do both load their natives in one JVM. A version drift shows up here as an
 * {@code UnsatisfiedLinkError} or {@code NoSuchMethodError} rather than in a streaming job.
 */
class NativeStackTest {

  @Test
  void javacvAndNd4jLoadInOneJvm() throws Exception {
    // ND4J first: a real native op through the CPU backend (BLAS gemm).
    INDArray a = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}});
    INDArray b = Nd4j.createFromArray(new float[][] {{5, 6}, {7, 8}});
    assertThat(a.mmul(b).toFloatMatrix()).isDeepEqualTo(new float[][] {{19, 22}, {43, 50}});

    // Then OpenCV through the same javacpp: a Gaussian blur spreads a single bright pixel.
    try (Mat src = new Mat(4, 4, CV_8UC1); Mat dst = new Mat()) {
      src.put(new Scalar(0.0));
      try (UByteIndexer in = src.createIndexer()) {
        in.put(1, 1, 255);
      }
      opencv_imgproc.GaussianBlur(src, dst, new Size(3, 3), 0);
      try (UByteIndexer out = dst.createIndexer()) {
        assertThat(out.get(1, 1)).isBetween(1, 254); // the peak was spread out...
        assertThat(out.get(1, 2)).isPositive(); // ...onto its neighbour
      }

      // And a JavaCV class proper, so the javacv jar's own linkage is exercised too.
      try (OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
        Frame frame = converter.convert(dst);
        assertThat(frame.imageWidth).isEqualTo(4);
        assertThat(frame.imageHeight).isEqualTo(4);
      }
    }
    assertThat(Loader.getVersion()).isEqualTo("1.5.13");
  }
}
