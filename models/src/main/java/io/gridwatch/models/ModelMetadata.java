package io.gridwatch.models;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What is known about one registered model version; stored next to the network as {@code model.json}.
 *
 * <p>{@code name}, {@code version} and {@code createdMs} belong to the registry: callers describe a
 * model with {@link #draft} and {@link ModelRegistry#register} fills them in, so two writers can never
 * pick the same version number by hand.
 *
 * @param name model name, the registry directory under the root ({@code null} in a draft)
 * @param version registry version, 1, 2, 3, ... ({@code 0} in a draft)
 * @param createdMs when the version was registered, epoch milliseconds ({@code 0} in a draft)
 * @param inputShape shape of one input example without the batch dimension, e.g. {@code [16, 16]} for
 *     a 16x16 grayscale patch passed row-major as 256 floats
 * @param labels class names in the order of the network's outputs
 * @param metrics evaluation numbers, e.g. {@code heldOutAccuracy}
 * @param trainingData free text: what the model was trained on, so a reader can judge the metrics
 */
public record ModelMetadata(
    String name,
    int version,
    long createdMs,
    List<Integer> inputShape,
    List<String> labels,
    Map<String, Double> metrics,
    String trainingData) {

  public ModelMetadata {
    inputShape = List.copyOf(Objects.requireNonNull(inputShape, "inputShape"));
    labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
    // Sorted so model.json is stable and diffs between versions are readable.
    metrics = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(metrics, "metrics")));
    trainingData = Objects.requireNonNullElse(trainingData, "");
    if (inputShape.isEmpty() || inputShape.stream().anyMatch(d -> d == null || d <= 0)) {
      throw new IllegalArgumentException("inputShape must be non-empty and positive: " + inputShape);
    }
  }

  /** Describes a model that is not registered yet; the registry assigns name, version and time. */
  public static ModelMetadata draft(List<Integer> inputShape, List<String> labels,
      Map<String, Double> metrics, String trainingData) {
    return new ModelMetadata(null, 0, 0L, inputShape, labels, metrics, trainingData);
  }

  /** Number of floats in one flattened input example (product of {@link #inputShape}). */
  public int inputSize() {
    return inputShape.stream().mapToInt(Integer::intValue).reduce(1, Math::multiplyExact);
  }

  ModelMetadata registeredAs(String registeredName, int registeredVersion, long registeredMs) {
    return new ModelMetadata(registeredName, registeredVersion, registeredMs, inputShape, labels,
        metrics, trainingData);
  }
}
