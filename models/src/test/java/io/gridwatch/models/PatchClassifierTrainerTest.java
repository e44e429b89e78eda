package io.gridwatch.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class PatchClassifierTrainerTest {

  private static final Logger LOG = LoggerFactory.getLogger(PatchClassifierTrainerTest.class);
  private static final long SEED = 42;

  // Trained once for the class: training is the slow part and every test reads the same result.
  private static PatchClassifierTrainer.Result result;

  @BeforeAll
  static void train() {
    result = new PatchClassifierTrainer(PatchClassifierTrainer.Config.defaults(SEED)).train();
    LOG.info("patch classifier: held-out accuracy {} after {} ms of training",
        result.heldOutAccuracy(), result.trainingMillis());
  }

  @Test
  void reachesNinetyPercentOnHeldOutPatches() {
    assertThat(result.heldOutAccuracy()).isGreaterThan(0.9);
    assertThat(result.metadata().metrics()).containsEntry("heldOutAccuracy", result.heldOutAccuracy());
    assertThat(result.metadata().labels()).containsExactly("blob", "person", "noise");
    assertThat(result.metadata().inputShape()).containsExactly(16, 16);
    assertThat(result.metadata().trainingData()).contains("PLACEHOLDER", "seed 42");
  }

  @Test
  void sameSeedTrainsTheSameNetwork() {
    // Small settings: this checks determinism, not quality.
    PatchClassifierTrainer.Config small = new PatchClassifierTrainer.Config(7, 100, 50, 2, 32, 1e-3);
    PatchClassifierTrainer.Result first = new PatchClassifierTrainer(small).train();
    PatchClassifierTrainer.Result second = new PatchClassifierTrainer(small).train();
    assertThat(second.network().params()).isEqualTo(first.network().params());
    assertThat(second.heldOutAccuracy()).isEqualTo(first.heldOutAccuracy());
  }

  @Test
  void generatedDataIsDeterministicForASeed() {
    PatchClassifierTrainer.Examples a = PatchClassifierTrainer.generate(20, new Random(SEED));
    PatchClassifierTrainer.Examples b = PatchClassifierTrainer.generate(20, new Random(SEED));
    PatchClassifierTrainer.Examples c = PatchClassifierTrainer.generate(20, new Random(SEED + 1));
    assertThat(a.patches()).isDeepEqualTo(b.patches());
    assertThat(a.labels()).containsExactly(b.labels());
    assertThat(a.patches()).isNotEqualTo(c.patches());
    for (float[] patch : a.patches()) {
      assertThat(patch).hasSize(256);
      for (float v : patch) {
        assertThat(v).isBetween(0f, 1f);
      }
    }
  }

  @Test
  void trainedModelSurvivesTheRegistryAndClassifiesFreshPatches(@TempDir Path root) {
    ModelRegistry registry = new ModelRegistry(root);
    ModelMetadata stored =
        registry.register(PatchClassifierTrainer.MODEL_NAME, result.network(), result.metadata());
    PatchClassifier classifier = Dl4jPatchClassifier.of(registry.latest(PatchClassifierTrainer.MODEL_NAME));
    assertThat(stored.version()).isEqualTo(1);

    Random random = new Random(1234); // patches the network has never seen
    int correct = 0;
    int total = 0;
    for (int label = 0; label < 3; label++) {
      for (int i = 0; i < 50; i++) {
        float[] probabilities = classifier.classify(PatchClassifierTrainer.patch(label, random));
        correct += argMax(probabilities) == label ? 1 : 0;
        total++;
      }
    }
    assertThat((double) correct / total).isGreaterThan(0.9);
  }

  private static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
