package io.gridwatch.models;

import java.util.Objects;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A network read from the registry together with its metadata. The network is a fresh instance per
 * {@link ModelRegistry#load} call and, like every {@link MultiLayerNetwork}, not safe to share between
 * threads; wrap it in a {@link Dl4jPatchClassifier} owned by one thread.
 */
public record LoadedModel(MultiLayerNetwork network, ModelMetadata metadata) {

  public LoadedModel {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(metadata, "metadata");
  }
}
