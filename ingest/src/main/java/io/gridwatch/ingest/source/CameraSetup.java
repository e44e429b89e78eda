package io.gridwatch.ingest.source;

import java.util.Objects;

/**
 * How a camera is to be analysed, sent ahead of its frames whenever a reader starts the camera
 * (and again when its scene changes), so that the detector always matches the site file
 * without a job restart; or, with {@code removed}, that the camera left the site.
 *
 * @param cameraId       the camera
 * @param sceneJson      its scene as JSON ({@link io.gridwatch.contracts.config.SceneCodec}), or
 *                       null when it has none (its frames are then only watched for outages)
 * @param offlineAlertMs how long an outage may last before a camera-offline alert
 * @param removed        the camera was removed from the site: drop everything kept for it
 */
public record CameraSetup(String cameraId, String sceneJson, long offlineAlertMs, boolean removed) {

  public CameraSetup {
    Objects.requireNonNull(cameraId, "cameraId is required but not provided");
  }

  public static CameraSetup of(CameraSplit split) {
    return new CameraSetup(split.cameraId(), split.sceneJson(), split.offlineAlertMs(), false);
  }

  public static CameraSetup removed(String cameraId) {
    return new CameraSetup(cameraId, null, 0, true);
  }
}
