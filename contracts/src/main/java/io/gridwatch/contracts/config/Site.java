package io.gridwatch.contracts.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded site: the site file plus every camera's scene, with paths resolved against the site
 * file's folder and cross-file references checked.
 *
 * @param file   the site file
 * @param config its contents
 * @param scenes scene of each camera, by camera id, in site order
 */
public record Site(Path file, SiteConfig config, Map<String, SceneConfig> scenes) {

  public Site {
    scenes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scenes));
  }

  /** Loads and checks a site file and all the scene files it names. */
  public static Site load(Path siteFile) {
    Path file = siteFile.toAbsolutePath().normalize();
    SiteConfig config = YamlConfigReader.read(file, SiteConfig.class);
    Map<String, SceneConfig> scenes = new LinkedHashMap<>();
    List<CameraConfig> cameras = config.cameras();
    for (int i = 0; i < cameras.size(); i++) {
      CameraConfig camera = cameras.get(i);
      Path sceneFile = file.getParent().resolve(camera.scene()).normalize();
      if (!sceneFile.toFile().isFile()) {
        throw new ConfigException(file, lineOf(file, "cameras[" + i + "].scene"), "cameras[" + i + "].scene",
            "scene file not found: " + sceneFile);
      }
      SceneConfig scene = YamlConfigReader.read(sceneFile, SceneConfig.class);
      if (!scene.cameraId().equals(camera.id())) {
        throw new ConfigException(sceneFile, lineOf(sceneFile, "cameraId"), "cameraId",
            "is '" + scene.cameraId() + "' but the site file gives this scene to camera '" + camera.id() + "'");
      }
      if (!scene.gridId().equals(camera.gridCell())) {
        throw new ConfigException(sceneFile, lineOf(sceneFile, "gridId"), "gridId",
            "is '" + scene.gridId() + "' but the site file puts camera '" + camera.id() + "' in grid cell '"
                + camera.gridCell() + "'");
      }
      if (camera.file() != null) {
        Path video = file.getParent().resolve(camera.file()).normalize();
        if (!video.toFile().isFile()) {
          throw new ConfigException(file, lineOf(file, "cameras[" + i + "].file"), "cameras[" + i + "].file",
              "video file not found: " + video);
        }
      }
      scenes.put(camera.id(), scene);
    }
    return new Site(file, config, scenes);
  }

  /** Where to read the camera's video: its URL, or its file as an absolute path. */
  public String sourceOf(CameraConfig camera) {
    return camera.url() != null ? camera.url() : file.getParent().resolve(camera.file()).normalize().toString();
  }

  public Optional<SceneConfig> scene(String cameraId) {
    return Optional.ofNullable(scenes.get(cameraId));
  }

  private static int lineOf(Path file, String key) {
    try {
      return YamlConfigReader.LineIndex.of(java.nio.file.Files.readString(file)).lineOf(key, 0);
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
