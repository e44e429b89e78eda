package io.gridwatch.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ModelRegistryTest {

  private static final String NAME = "patch-classifier";

  @TempDir
  Path root;

  @Test
  void roundTripThroughRealSaveAndLoadGivesSameOutputs() {
    ModelRegistry registry = new ModelRegistry(root);
    MultiLayerNetwork net = TestNetworks.tiny(7);
    ModelMetadata stored = registry.register(NAME, net, TestNetworks.draft());

    assertThat(root.resolve(NAME).resolve("1").resolve("model.zip")).isRegularFile();
    assertThat(root.resolve(NAME).resolve("1").resolve("model.json")).isRegularFile();

    LoadedModel loaded = registry.load(NAME, 1);
    assertThat(loaded.network()).isNotSameAs(net);
    assertThat(loaded.metadata()).isEqualTo(stored);
    assertThat(stored.name()).isEqualTo(NAME);
    assertThat(stored.version()).isEqualTo(1);
    assertThat(stored.createdMs()).isPositive();
    assertThat(stored.inputShape()).containsExactly(4, 4);
    assertThat(stored.labels()).isEqualTo(TestNetworks.LABELS);
    assertThat(stored.metrics()).containsEntry("accuracy", 0.5);

    float[][] batch = {TestNetworks.input(1), TestNetworks.input(2), TestNetworks.input(3)};
    float[][] before = net.output(Nd4j.create(batch), false).toFloatMatrix();
    float[][] after = loaded.network().output(Nd4j.create(batch), false).toFloatMatrix();
    assertThat(after).isDeepEqualTo(before);
    assertThat(loaded.network().params().dataType()).isEqualTo(DataType.FLOAT);
  }

  @Test
  void versionsIncreaseAndLatestIsTheHighest() {
    ModelRegistry registry = new ModelRegistry(root);
    assertThat(registry.versions(NAME)).isEmpty();

    assertThat(registry.register(NAME, TestNetworks.tiny(1), TestNetworks.draft()).version()).isEqualTo(1);
    assertThat(registry.register(NAME, TestNetworks.tiny(2), TestNetworks.draft()).version()).isEqualTo(2);
    assertThat(registry.register(NAME, TestNetworks.tiny(3), TestNetworks.draft()).version()).isEqualTo(3);
    assertThat(registry.register("other-model", TestNetworks.tiny(4), TestNetworks.draft()).version())
        .isEqualTo(1);

    assertThat(registry.versions(NAME)).containsExactly(1, 2, 3);
    LoadedModel latest = registry.latest(NAME);
    assertThat(latest.metadata().version()).isEqualTo(3);
    float[][] in = {TestNetworks.input(9)};
    assertThat(latest.network().output(Nd4j.create(in), false).toFloatMatrix())
        .isDeepEqualTo(TestNetworks.tiny(3).output(Nd4j.create(in), false).toFloatMatrix());
  }

  @Test
  void versionNumbersSortNumericallyAndIgnoreStrayDirectories() throws Exception {
    ModelRegistry registry = new ModelRegistry(root);
    for (int i = 0; i < 10; i++) {
      registry.register(NAME, TestNetworks.tiny(i), TestNetworks.draft());
    }
    // a crashed writer's staging directory and an unrelated directory must not count as versions
    Files.createDirectories(root.resolve(NAME).resolve(".staging-crashed"));
    Files.createDirectories(root.resolve(NAME).resolve("notes"));

    assertThat(registry.versions(NAME)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(registry.latest(NAME).metadata().version()).isEqualTo(10);
    assertThat(registry.register(NAME, TestNetworks.tiny(11), TestNetworks.draft()).version())
        .isEqualTo(11);
    try (var children = Files.list(root.resolve(NAME))) {
      // register leaves no staging directory of its own behind
      assertThat(children.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".staging-")))
          .containsExactly(".staging-crashed");
    }
  }

  @Test
  void concurrentWritersNeverShareAVersion() throws Exception {
    ModelRegistry registry = new ModelRegistry(root);
    int writers = 4;
    int each = 3;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<List<Integer>>> claimed = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int seed = w;
        claimed.add(pool.submit(() -> {
          List<Integer> versions = new ArrayList<>();
          for (int i = 0; i < each; i++) {
            versions.add(registry.register(NAME, TestNetworks.tiny(seed), TestNetworks.draft()).version());
          }
          return versions;
        }));
      }
      List<Integer> all = new ArrayList<>();
      for (Future<List<Integer>> f : claimed) {
        all.addAll(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(all).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 12).boxed().toList());
    } finally {
      pool.shutdownNow();
    }
    assertThat(registry.versions(NAME)).hasSize(writers * each);
    for (int v : registry.versions(NAME)) {
      assertThat(registry.load(NAME, v).metadata().version()).isEqualTo(v);
    }
  }

  @Test
  void missingModelOrVersionIsNamedInTheError() {
    ModelRegistry registry = new ModelRegistry(root);
    assertThatThrownBy(() -> registry.load(NAME, 3))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessage("model 'patch-classifier' version 3 not found under " + root.toAbsolutePath());
    assertThatThrownBy(() -> registry.latest(NAME))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessage("model 'patch-classifier' not found under " + root.toAbsolutePath());

    registry.register(NAME, TestNetworks.tiny(1), TestNetworks.draft());
    assertThatThrownBy(() -> registry.load(NAME, 2))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessage("model 'patch-classifier' version 2 not found under " + root.toAbsolutePath());
  }

  @Test
  void corruptNetworkFileIsReportedWithModelVersionAndPath() throws Exception {
    ModelRegistry registry = new ModelRegistry(root);
    registry.register(NAME, TestNetworks.tiny(1), TestNetworks.draft());
    registry.register(NAME, TestNetworks.tiny(2), TestNetworks.draft());
    Path zip = root.resolve(NAME).resolve("2").resolve("model.zip");
    Files.writeString(zip, "this is not a zip file");

    assertThatThrownBy(() -> registry.load(NAME, 2))
        .isInstanceOf(CorruptModelException.class)
        .hasMessageContaining("model 'patch-classifier' version 2")
        .hasMessageContaining(zip.toString());
    assertThatThrownBy(() -> registry.latest(NAME)).isInstanceOf(CorruptModelException.class);
    // the damage is confined to that version
    assertThat(registry.load(NAME, 1).metadata().version()).isEqualTo(1);
  }

  @Test
  void truncatedNetworkFileIsCorrupt() throws Exception {
    ModelRegistry registry = new ModelRegistry(root);
    registry.register(NAME, TestNetworks.tiny(1), TestNetworks.draft());
    Path zip = root.resolve(NAME).resolve("1").resolve("model.zip");
    byte[] bytes = Files.readAllBytes(zip);
    Files.write(zip, Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> registry.load(NAME, 1))
        .isInstanceOf(CorruptModelException.class)
        .hasMessageContaining("model 'patch-classifier' version 1");
  }

  @Test
  void corruptOrMissingMetadataIsReported() throws Exception {
    ModelRegistry registry = new ModelRegistry(root);
    registry.register(NAME, TestNetworks.tiny(1), TestNetworks.draft());
    registry.register(NAME, TestNetworks.tiny(2), TestNetworks.draft());
    Path json1 = root.resolve(NAME).resolve("1").resolve("model.json");
    Files.writeString(json1, "{\"name\": ");
    Path json2 = root.resolve(NAME).resolve("2").resolve("model.json");
    Files.delete(json2);

    assertThatThrownBy(() -> registry.load(NAME, 1))
        .isInstanceOf(CorruptModelException.class)
        .hasMessageContaining("model 'patch-classifier' version 1 has unreadable metadata " + json1);
    assertThatThrownBy(() -> registry.load(NAME, 2))
        .isInstanceOf(CorruptModelException.class)
        .hasMessageContaining("model 'patch-classifier' version 2 is incomplete: " + json2 + " is missing");
  }

  @Test
  void metadataOfAnotherVersionIsRejected() throws Exception {
    ModelRegistry registry = new ModelRegistry(root);
    registry.register(NAME, TestNetworks.tiny(1), TestNetworks.draft());
    Path copy = root.resolve(NAME).resolve("5");
    Files.createDirectories(copy);
    for (String file : List.of("model.zip", "model.json")) {
      Files.copy(root.resolve(NAME).resolve("1").resolve(file), copy.resolve(file));
    }
    assertThatThrownBy(() -> registry.load(NAME, 5))
        .isInstanceOf(CorruptModelException.class)
        .hasMessageContaining("model 'patch-classifier' version 5 has metadata for model "
            + "'patch-classifier' version 1");
  }

  @Test
  void metadataJsonHasTheDocumentedFields() throws Exception {
    ModelRegistry registry = new ModelRegistry(root);
    registry.register(NAME, TestNetworks.tiny(1), TestNetworks.draft());
    JsonNode json = new ObjectMapper().readTree(root.resolve(NAME).resolve("1").resolve("model.json").toFile());
    assertThat(json.fieldNames()).toIterable().containsExactly("name", "version", "createdMs",
        "inputShape", "labels", "metrics", "trainingData");
  }

  @Test
  void badNamesAndMismatchedMetadataAreRejectedBeforeWriting() {
    ModelRegistry registry = new ModelRegistry(root);
    assertThatThrownBy(() -> registry.register("../escape", TestNetworks.tiny(1), TestNetworks.draft()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'../escape'");
    assertThatThrownBy(() -> registry.load("Bad/Name", 1)).isInstanceOf(IllegalArgumentException.class);

    ModelMetadata twoLabels = ModelMetadata.draft(List.of(4, 4), List.of("a", "b"), Map.of(), "x");
    assertThatThrownBy(() -> registry.register(NAME, TestNetworks.tiny(1), twoLabels))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 outputs but metadata lists 2 labels");

    ModelMetadata otherName = TestNetworks.draft().registeredAs("other", 0, 0);
    assertThatThrownBy(() -> registry.register(NAME, TestNetworks.tiny(1), otherName))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'other'");
    assertThat(registry.versions(NAME)).isEmpty();
  }
}
