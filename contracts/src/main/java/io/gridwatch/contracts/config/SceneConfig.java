package io.gridwatch.contracts.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One camera's scene file: what it watches and where. Pixel coordinates are in the source
 * video's full resolution. See docs/configuration.md for every key.
 *
 * @param cameraId         camera this scene belongs to
 * @param gridId           grid cell the camera watches
 * @param scene            which detector runs
 * @param sampling         which frames reach the detector (default by scene kind)
 * @param throwing         section for {@code scene: throwing}
 * @param streetOccupation section for {@code scene: street-occupation}
 * @param river            section for {@code scene: river}
 */
public record SceneConfig(
    String cameraId,
    String gridId,
    SceneKind scene,
    SamplingConfig sampling,
    ThrowingScene throwing,
    StreetOccupationScene streetOccupation,
    RiverScene river) implements java.io.Serializable {

  public SceneConfig {
    ConfigViolation.required(cameraId, "cameraId");
    ConfigViolation.required(gridId, "gridId");
    ConfigViolation.required(scene, "scene");
    Object[] sections = {throwing, streetOccupation, river};
    for (SceneKind kind : SceneKind.values()) {
      Object section = sections[kind.ordinal()];
      if (kind == scene) {
        ConfigViolation.check(section != null, kind.sectionKey(),
            "section is required for scene '" + scene.wireName() + "'");
      } else {
        ConfigViolation.check(section == null, kind.sectionKey(),
            "section does not apply to scene '" + scene.wireName() + "'");
      }
    }
    if (sampling == null) {
      sampling = SamplingConfig.defaultFor(scene);
    }
  }

  /** Zones of this scene in file order: shop fronts or danger zones; empty for throwing. */
  public List<Zone> zones() {
    List<Zone> zones = new ArrayList<>();
    if (streetOccupation != null) {
      zones.addAll(streetOccupation.zones());
    }
    if (river != null) {
      zones.addAll(river.dangerZones());
    }
    return zones;
  }
}
