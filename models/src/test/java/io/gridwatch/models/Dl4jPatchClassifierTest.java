package io.gridwatch.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Dl4jPatchClassifierTest {

  private final Dl4jPatchClassifier classifier =
      new Dl4jPatchClassifier(TestNetworks.tiny(3), TestNetworks.LABELS, TestNetworks.INPUT);

  @Test
  void classifyGivesOneProbabilityPerLabel() {
    float[] p = classifier.classify(TestNetworks.input(1));
    assertThat(p).hasSize(3);
    float sum = 0;
    for (float v : p) {
      assertThat(v).isBetween(0f, 1f);
      sum += v;
    }
    assertThat(sum).isCloseTo(1f, within(1e-5f));
    assertThat(classifier.labels()).containsExactly("a", "b", "c");
    assertThat(classifier.inputSize()).isEqualTo(16);
  }

  @Test
  void batchMatchesSingleCalls() {
    float[][] patches = {TestNetworks.input(1), TestNetworks.input(2), TestNetworks.input(3)};
    float[][] batch = classifier.classifyBatch(patches);
    assertThat(batch).hasDimensions(3, 3);
    for (int i = 0; i < patches.length; i++) {
      assertThat(batch[i]).containsExactly(classifier.classify(patches[i]), within(1e-6f));
    }
    assertThat(classifier.classifyBatch(new float[0][])).isEmpty();
  }

  @Test
  void wrongPatchSizeNamesTheExpectedSize() {
    assertThatThrownBy(() -> classifier.classify(new float[15]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("patch 0 has 15 values, the model expects 16");
    assertThatThrownBy(() -> classifier.classifyBatch(new float[][] {new float[16], new float[17]}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("patch 1 has 17 values, the model expects 16");
  }

  @Test
  void useFromASecondThreadFailsFast() throws Exception {
    classifier.classify(TestNetworks.input(1)); // this thread now owns it
    CompletableFuture<float[]> other =
        CompletableFuture.supplyAsync(() -> classifier.classify(TestNetworks.input(2)));
    assertThatThrownBy(other::get)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("thread-confined");
  }

  @Test
  void wrapsARegistryModelWithItsMetadata(@TempDir Path root) {
    ModelRegistry registry = new ModelRegistry(root);
    registry.register("tiny", TestNetworks.tiny(3), TestNetworks.draft());
    PatchClassifier loaded = Dl4jPatchClassifier.of(registry.latest("tiny"));
    assertThat(loaded.labels()).isEqualTo(TestNetworks.LABELS);
    assertThat(loaded.inputSize()).isEqualTo(16);
    assertThat(loaded.classify(TestNetworks.input(5)))
        .containsExactly(classifier.classify(TestNetworks.input(5)));
  }
}
