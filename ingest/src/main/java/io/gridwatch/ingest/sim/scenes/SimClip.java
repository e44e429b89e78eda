package io.gridwatch.ingest.sim.scenes;

import io.gridwatch.contracts.labels.Labels;
import java.nio.file.Path;

/**
 * A rendered clip: the video, its scene file and its labels file, side by side.
 *
 * @param video        {@code <name>.mp4}
 * @param sceneFile    {@code <name>.scene.yaml}
 * @param labelsFile   {@code <name>.labels.json}
 * @param labels       what the labels file holds
 * @param frames       frames written (25 per second)
 * @param renderNanos  wall time spent rendering and encoding
 */
public record SimClip(Path video, Path sceneFile, Path labelsFile, Labels labels, int frames, long renderNanos) {}
