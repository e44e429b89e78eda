package io.gridwatch.ingest.sim.scenes;

import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.contracts.config.YamlConfigReader;
import io.gridwatch.contracts.labels.Labels;
import io.gridwatch.ingest.encode.ClipWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders a {@link ScenePlan} into {@code <name>.mp4}, {@code <name>.scene.yaml} and {@code
 * <name>.labels.json}. The labels file is written last, so a clip whose labels file exists is
 * complete.
 */
public final class SimRenderer {

  /** The grid cell simulated cameras report. */
  public static final String GRID_ID = "g-sim";

  private SimRenderer() {}

  /** Target bit rate: about 2 Mbit/s at 1280x720 and 4 Mbit/s at 1920x1080, as city cameras. */
  public static int bitrateFor(int width, int height) {
    double pixels = width * (double) height / (1280 * 720);
    return (int) Math.max(200_000, Math.round(2_000_000 * Math.pow(pixels, 0.855)));
  }

  public static SimClip render(ScenePlan plan, Path outDir, String name, ProgressListener listener) throws IOException {
    if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException("clip name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
    }
    Files.createDirectories(outDir);
    Path video = outDir.resolve(name + ".mp4");
    Path sceneFile = outDir.resolve(name + ".scene.yaml");
    Path labelsFile = outDir.resolve(name + ".labels.json");
    Files.deleteIfExists(labelsFile); // a clip with a labels file is complete
    Files.deleteIfExists(sceneFile);

    long started = System.nanoTime();
    int frames = plan.frames();
    Raster raster = plan.newRaster();
    try (ClipWriter writer = new ClipWriter(video, plan.width(), plan.height(), SceneSim.FPS, SceneSim.GOP,
        bitrateFor(plan.width(), plan.height()))) {
      for (int f = 0; f < frames; f++) {
        raster.clear();
        plan.draw(raster, f);
        writer.write(raster.finish());
        if (f % SceneSim.FPS == SceneSim.FPS - 1 && f + 1 < frames) {
          listener.progress(new ProgressListener.Progress(name, f + 1, frames, System.nanoTime() - started));
        }
      }
    }
    Files.writeString(sceneFile, plan.sceneYaml(name, GRID_ID));
    YamlConfigReader.read(sceneFile, SceneConfig.class); // a simulator bug must not reach eval
    Labels labels = plan.labels(video.getFileName().toString(), sceneFile.getFileName().toString());
    labels.write(labelsFile);
    long nanos = System.nanoTime() - started;
    listener.progress(new ProgressListener.Progress(name, frames, frames, nanos));
    return new SimClip(video, sceneFile, labelsFile, labels, frames, nanos);
  }
}
