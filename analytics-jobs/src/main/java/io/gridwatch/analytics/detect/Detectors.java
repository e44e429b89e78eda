package io.gridwatch.analytics.detect;

import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.config.SceneConfig;

/** Chooses the detector for a camera's scene. The one place that maps scenes to detectors. */
public final class Detectors {

  private Detectors() {}

  /**
   * The detector for {@code scene}.
   *
   * @throws UnsupportedSceneException when this build has no detector for the scene kind
   */
  public static Detector forScene(SceneConfig scene) {
    return switch (scene.scene()) {
      case STREET_OCCUPATION -> new io.gridwatch.analytics.detect.street.StreetOccupationDetector(scene.cameraId(),
          scene.streetOccupation());
      case RIVER -> {
        if (scene.river().dangerZones().isEmpty()) {
          throw new UnsupportedSceneException("camera " + scene.cameraId()
              + ": river scenes detect danger-zone intrusion in this build; add river.dangerZones");
        }
        yield new ZonePresenceDetector(scene.cameraId(), AlertScene.RIVER_INTRUSION,
            scene.river().dangerZones(), ZonePresenceDetector.Settings.presence());
      }
      case THROWING -> new io.gridwatch.analytics.detect.throwing.ThrowingDetector(scene.cameraId(), scene.throwing());
    };
  }

  /**
   * The scene's detector with its evidence: snapshots for every scene, and for throwing also a
   * short clip of the fall.
   */
  public static DetectionRunner runnerFor(SceneConfig scene, io.gridwatch.analytics.evidence.EvidenceStore evidence) {
    return new DetectionRunner(forScene(scene), evidence, scene.scene() == io.gridwatch.contracts.config.SceneKind.THROWING);
  }

  /** A scene this build cannot run. */
  public static final class UnsupportedSceneException extends RuntimeException {
    public UnsupportedSceneException(String message) {
      super(message);
    }
  }
}
