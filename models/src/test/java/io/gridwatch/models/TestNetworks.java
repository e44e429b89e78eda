package io.gridwatch.models;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small untrained networks for registry and classifier tests: no training needed to compare outputs. */
final class TestNetworks {

  static final List<String> LABELS = List.of("a", "b", "c");
  static final int SIDE = 4;
  static final int INPUT = SIDE * SIDE;

  private TestNetworks() {}

  static MultiLayerNetwork tiny(long seed) {
    MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .list()
        .layer(new DenseLayer.Builder().nIn(INPUT).nOut(8).activation(Activation.TANH).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nIn(8).nOut(LABELS.size()).activation(Activation.SOFTMAX).build())
        .build());
    net.init();
    return net;
  }

  static ModelMetadata draft() {
    return ModelMetadata.draft(List.of(SIDE, SIDE), LABELS, Map.of("accuracy", 0.5), "test network");
  }

  static float[] input(long seed) {
    Random random = new Random(seed);
    float[] x = new float[INPUT];
    for (int i = 0; i < INPUT; i++) {
      x[i] = random.nextFloat();
    }
    return x;
  }
}
