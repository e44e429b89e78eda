package io.gridwatch.ingest.sim.scenes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A scene simulator: camera-like H.264 footage of one scene kind with a scene file and a labels
 * file. Everything follows from the seed: the same seed, length and size give the same frames and
 * the same labels.
 *
 * <p>Footage is 25 fps, H.264 (OpenH264, no B-frames), a key frame every 50 frames, about 2
 * Mbit/s at 720p and 4 Mbit/s at 1080p, with sensor noise and slow light changes. Geometry is
 * computed at the clip's full resolution; sizes given in pixels in the docs are at 720p and
 * scale with the height.
 */
public interface SceneSim {

  int FPS = 25;
  int GOP = 50;

  /** The scene kinds there is a simulator for, as named in scene files. */
  List<String> SCENES = List.of("throwing", "street-occupation", "river");

  /** Scene kind, as in scene files. */
  String scene();

  /** Works out geometry, schedule and labels of a clip without drawing it. */
  ScenePlan plan(long seed, int seconds, int width, int height);

  /**
   * Renders a clip into {@code outDir}: {@code <name>.mp4}, {@code <name>.scene.yaml} (camera id
   * {@code name}, grid cell {@value SimRenderer#GRID_ID}) and {@code <name>.labels.json}.
   */
  default SimClip render(Path outDir, String name, long seed, int seconds, int width, int height,
      ProgressListener progress) throws IOException {
    return SimRenderer.render(plan(seed, seconds, width, height), outDir, name, progress);
  }

  /**
   * The simulator for a scene kind.
   *
   * @throws IllegalArgumentException for an unknown scene, naming the known ones
   */
  static SceneSim forScene(String scene) {
    return switch (scene) {
      case "throwing" -> new ThrowingSim();
      case "street-occupation" -> new StreetOccupationSim();
      case "river" -> new RiverSim();
      default -> throw new IllegalArgumentException("unknown scene '" + scene + "'; expected one of "
          + String.join(", ", SCENES));
    };
  }
}
