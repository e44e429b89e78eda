package io.gridwatch.models;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A directory of versioned models: {@code <root>/<name>/<version>/model.zip} (DL4J
 * {@link ModelSerializer} format) plus {@code model.json} ({@link ModelMetadata}).
 *
 * <p>Versions are integers that only grow: a new version is the highest existing one plus one. A
 * version is written completely into a hidden staging directory and then renamed into place, so a
 * reader (another JVM watching the same directory) never sees a half-written version, and two writers
 * racing for the same number cannot both win: the loser's rename fails and it takes the next number.
 *
 * <p>The registry itself holds no state besides its root and may be shared between threads. Every
 * {@link #load} reads the files again and returns a new network; load once per worker, not per record.
 */
public final class ModelRegistry {

  public static final String MODEL_FILE = "model.zip";
  public static final String METADATA_FILE = "model.json";

  // Names become directory names: keep them to one safe path segment (no "..", no separators).
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
  private static final Pattern VERSION_DIR = Pattern.compile("[1-9][0-9]{0,8}");
  private static final String STAGING_PREFIX = ".staging-";
  private static final int MAX_RENAME_ATTEMPTS = 100;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      // A newer writer may add fields; an older reader keeps what it knows.
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .build();

  private final Path root;

  public ModelRegistry(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /**
   * Stores {@code net} as the next version of {@code name}.
   *
   * @param meta a {@link ModelMetadata#draft}; its name (if set) must equal {@code name}, and its
   *     version and time are replaced by the registry's
   * @return the metadata as stored, carrying the assigned version
   */
  public ModelMetadata register(String name, MultiLayerNetwork net, ModelMetadata meta) {
    checkName(name);
    Objects.requireNonNull(net, "net");
    Objects.requireNonNull(meta, "meta");
    if (meta.name() != null && !meta.name().equals(name)) {
      throw new IllegalArgumentException(
          "metadata names model '" + meta.name() + "' but it is being registered as '" + name + "'");
    }
    checkLabelsMatchOutputs(name, net, meta);

    Path modelDir = root.resolve(name);
    Path staging = modelDir.resolve(STAGING_PREFIX + UUID.randomUUID());
    try {
      Files.createDirectories(staging);
      // Updater state is not saved: registered models are for inference and training starts from the
      // trainer; for Adam the state is twice the size of the weights.
      ModelSerializer.writeModel(net, staging.resolve(MODEL_FILE).toFile(), false);
      for (int attempt = 0; attempt < MAX_RENAME_ATTEMPTS; attempt++) {
        int version = versions(name).stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        ModelMetadata stored = meta.registeredAs(name, version, System.currentTimeMillis());
        JSON.writeValue(staging.resolve(METADATA_FILE).toFile(), stored);
        Path target = modelDir.resolve(Integer.toString(version));
        try {
          // rename(2) of a directory onto an existing non-empty one fails, which is what makes the
          // version number claim atomic between concurrent writers.
          Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
          return stored;
        } catch (FileSystemException e) {
          // The JDK reports that failure as a plain FileSystemException ("Directory not empty"),
          // not as a dedicated subclass, so decide by looking: if the version now exists, someone
          // else took it meanwhile and we try the next one.
          if (e instanceof AtomicMoveNotSupportedException || !Files.exists(target)) {
            throw e;
          }
        }
      }
      throw new ModelRegistryException("model '" + name + "': gave up claiming a new version under "
          + modelDir + " after " + MAX_RENAME_ATTEMPTS + " attempts");
    } catch (AtomicMoveNotSupportedException e) {
      throw new ModelRegistryException("model '" + name + "': the file system under " + root
          + " cannot rename directories atomically", e);
    } catch (IOException e) {
      throw new ModelRegistryException("model '" + name + "': cannot write a new version under "
          + modelDir + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(staging); // only left behind if the move did not happen
    }
  }

  /** Registered versions of {@code name}, ascending; empty if the model has never been registered. */
  public List<Integer> versions(String name) {
    checkName(name);
    Path modelDir = root.resolve(name);
    if (!Files.isDirectory(modelDir)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(modelDir)) {
      return children
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> VERSION_DIR.matcher(n).matches()) // skips staging and stray directories
          .map(Integer::valueOf)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("model '" + name + "': cannot list " + modelDir, e);
    }
  }

  /** Loads the highest version of {@code name}. */
  public LoadedModel latest(String name) {
    List<Integer> versions = versions(name);
    if (versions.isEmpty()) {
      throw new ModelNotFoundException("model '" + name + "' not found under " + root);
    }
    return load(name, versions.get(versions.size() - 1));
  }

  /**
   * Loads one version of {@code name}.
   *
   * @throws ModelNotFoundException if the version directory does not exist
   * @throws CorruptModelException if its files are missing or unreadable
   */
  public LoadedModel load(String name, int version) {
    checkName(name);
    Path dir = root.resolve(name).resolve(Integer.toString(version));
    String what = "model '" + name + "' version " + version;
    if (version < 1 || !Files.isDirectory(dir)) {
      throw new ModelNotFoundException(what + " not found under " + root);
    }
    Path modelFile = dir.resolve(MODEL_FILE);
    Path metaFile = dir.resolve(METADATA_FILE);

    // A version directory only appears complete (see register), so a missing file means damage.
    for (Path file : List.of(metaFile, modelFile)) {
      if (!Files.isRegularFile(file)) {
        throw new CorruptModelException(what + " is incomplete: " + file + " is missing", null);
      }
    }

    ModelMetadata meta;
    try {
      meta = JSON.readValue(metaFile.toFile(), ModelMetadata.class);
    } catch (IOException | RuntimeException e) {
      throw new CorruptModelException(what + " has unreadable metadata " + metaFile + ": " + e, e);
    }
    if (!name.equals(meta.name()) || meta.version() != version) {
      // A copied or hand-edited directory: refuse rather than serve a model under the wrong label.
      throw new CorruptModelException(what + " has metadata for model '" + meta.name() + "' version "
          + meta.version() + " in " + metaFile, null);
    }

    MultiLayerNetwork net;
    try {
      net = ModelSerializer.restoreMultiLayerNetwork(modelFile.toFile(), false);
    } catch (Exception e) {
      // DL4J reports a bad zip as IOException, a bad configuration or parameter entry as one of
      // several runtime exceptions; to the caller all of them mean the same thing.
      throw new CorruptModelException(what + " has an unreadable network " + modelFile + ": " + e, e);
    }
    return new LoadedModel(net, meta);
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "model name must match " + NAME.pattern() + ": '" + name + "'");
    }
  }

  // Catches the classic mistake of registering labels in a different count than the network emits,
  // which would otherwise only surface as an index error in a streaming job.
  private static void checkLabelsMatchOutputs(String name, MultiLayerNetwork net, ModelMetadata meta) {
    if (meta.labels().isEmpty() || net.getnLayers() == 0) {
      return;
    }
    int outputs = net.layerSize(net.getnLayers() - 1);
    if (outputs != meta.labels().size()) {
      throw new IllegalArgumentException("model '" + name + "': network has " + outputs
          + " outputs but metadata lists " + meta.labels().size() + " labels " + meta.labels());
    }
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort: a stale staging directory is skipped by versions() and harmless
        }
      });
    } catch (IOException ignored) {
      // as above
    }
  }
}
