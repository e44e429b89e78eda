package io.gridwatch.models;

import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link PatchClassifier} backed by a DL4J {@link MultiLayerNetwork} whose input is the flattened
 * patch ({@code [batch, inputSize]}) and whose output is a softmax over the labels.
 *
 * <p><b>Thread-confined.</b> A {@code MultiLayerNetwork} keeps per-call state (layer inputs,
 * workspaces) in the network object, so concurrent {@code output} calls on one instance are unsafe.
 * Give each thread (each Flink subtask) its own instance, loaded from the registry in {@code open()}.
 * The first thread to call {@link #classify} or {@link #classifyBatch} owns the instance; a call from
 * any other thread fails fast instead of returning silently wrong probabilities. Construction may
 * happen on a different thread from use.
 *
 * <p>Start the JVM with {@code OMP_NUM_THREADS=1} (see {@link PatchClassifierTrainer}): parallelism
 * comes from running one instance per subtask, not from threads inside each ND4J op.
 */
public final class Dl4jPatchClassifier implements PatchClassifier {

  private final MultiLayerNetwork network;
  private final List<String> labels;
  private final int inputSize;
  private volatile Thread owner; // set on first use; volatile so a misuse is seen by the other thread

  public Dl4jPatchClassifier(MultiLayerNetwork network, List<String> labels, int inputSize) {
    this.network = Objects.requireNonNull(network, "network");
    this.labels = List.copyOf(labels);
    if (inputSize <= 0) {
      throw new IllegalArgumentException("inputSize must be positive: " + inputSize);
    }
    this.inputSize = inputSize;
  }

  /** Wraps a model loaded from the {@link ModelRegistry}; labels and input size come from its metadata. */
  public static Dl4jPatchClassifier of(LoadedModel model) {
    return new Dl4jPatchClassifier(model.network(), model.metadata().labels(),
        model.metadata().inputSize());
  }

  @Override
  public List<String> labels() {
    return labels;
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  @Override
  public float[] classify(float[] patch) {
    checkOwner();
    checkLength(patch, 0);
    INDArray out = network.output(Nd4j.create(patch, new long[] {1, inputSize}, DataType.FLOAT), false);
    return out.toFloatVector();
  }

  @Override
  public float[][] classifyBatch(float[][] patches) {
    checkOwner();
    if (patches.length == 0) {
      return new float[0][];
    }
    // Flattened by hand rather than Nd4j.create(float[][]) so that a wrong-sized row is reported by
    // its index and the model's expected size, not as an ND4J shape error.
    float[] flat = new float[patches.length * inputSize];
    for (int i = 0; i < patches.length; i++) {
      checkLength(patches[i], i);
      System.arraycopy(patches[i], 0, flat, i * inputSize, inputSize);
    }
    INDArray in = Nd4j.create(flat, new long[] {patches.length, inputSize}, DataType.FLOAT);
    return network.output(in, false).toFloatMatrix();
  }

  private void checkLength(float[] patch, int index) {
    Objects.requireNonNull(patch, "patch");
    if (patch.length != inputSize) {
      throw new IllegalArgumentException("patch " + index + " has " + patch.length
          + " values, the model expects " + inputSize);
    }
  }

  private void checkOwner() {
    Thread current = Thread.currentThread();
    Thread o = owner;
    if (o == null) {
      synchronized (this) {
        if (owner == null) {
          owner = current;
        }
        o = owner;
      }
    }
    if (o != current) {
      throw new IllegalStateException("Dl4jPatchClassifier is thread-confined: owned by thread '"
          + o.getName() + "', called from '" + current.getName() + "'; create one instance per thread");
    }
  }
}
