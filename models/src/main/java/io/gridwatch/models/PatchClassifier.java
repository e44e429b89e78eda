package io.gridwatch.models;

import java.util.List;

/**
 * Classifies small grayscale image patches (e.g. a grid cell cut out of a frame) into {@link #labels()}.
 *
 * <p>Models sit behind this one interface so analytics jobs do not depend on DL4J types, and so tests
 * can substitute a fake. An implementation is <em>loaded once and reused, never created per
 * record</em>: loading reads and parses a file and allocates native memory, which costs far more than
 * classifying. In a Flink job that means creating it in {@code open()} of the operator.
 *
 * <p>Implementations need not be thread-safe; see the implementing class.
 */
public interface PatchClassifier {

  /** Class names, in the order of the probabilities returned by {@link #classify}. */
  List<String> labels();

  /** Number of floats in one patch: the patch flattened row-major, values in [0, 1]. */
  int inputSize();

  /**
   * Class probabilities for one patch.
   *
   * @param patch {@link #inputSize()} floats
   * @return one probability per label, summing to about 1
   */
  float[] classify(float[] patch);

  /**
   * Class probabilities for several patches at once; cheaper per patch than repeated
   * {@link #classify} calls because the network runs once over the whole batch.
   *
   * @return one row per patch, in input order
   */
  float[][] classifyBatch(float[][] patches);
}
