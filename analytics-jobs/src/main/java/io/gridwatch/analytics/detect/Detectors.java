package io.gridwatch.analytics.detect;

import io.gridwatch.contracts.config.SceneConfig;

/** Chooses the detector for a camera's scene. The one place that maps scenes to detectors. */
public final class Detectors {

  static {
    // One camera's detection runs on the thread that handles the camera: parallelism comes from
    // Flink's subtasks, one camera after another per core. OpenCV's own thread pool would split
    // each resize or threshold across the cores and then spin waiting for more work, which cost
    // a full-rate 1080p camera about 0.9 ms of CPU per frame on other threads for nothing.
    org.bytedeco.opencv.global.opencv_core.setNumThreads(1);
  }

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
      case RIVER -> new io.gridwatch.analytics.detect.river.RiverDetector(scene.cameraId(), scene.river());
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
