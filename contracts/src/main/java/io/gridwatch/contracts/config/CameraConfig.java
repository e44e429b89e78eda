package io.gridwatch.contracts.config;

/**
 * A camera of the site.
 *
 * @param id           unique id; must match {@code cameraId} in its scene file
 * @param url          live stream, {@code rtsp://user@host:554/path} (no password here)
 * @param file         a video file to replay instead of a live stream (relative to the site file)
 * @param loop         replay the file forever, as a simulated camera (default false)
 * @param scene        scene file, relative to the site file
 * @param gridCell     grid cell the camera watches
 * @param decoder      ffmpeg (default) or gstreamer
 * @param passwordEnv  environment variable holding the stream password
 * @param passwordFile file holding the stream password (relative to the site file)
 * @param offlineAlertSeconds how long the camera may be unreachable before a camera-offline alert
 *                     (default {@value #DEFAULT_OFFLINE_ALERT_SECONDS}, 5..86400)
 */
public record CameraConfig(
    String id,
    String url,
    String file,
    Boolean loop,
    String scene,
    String gridCell,
    DecoderKind decoder,
    String passwordEnv,
    String passwordFile,
    Integer offlineAlertSeconds) implements java.io.Serializable {

  public static final int DEFAULT_OFFLINE_ALERT_SECONDS = 60;

  public CameraConfig {
    ConfigViolation.required(id, "id");
    ConfigViolation.check(id.matches("[A-Za-z0-9_.-]{1,64}"), "id",
        "'" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
    ConfigViolation.check((url == null) != (file == null), url == null ? "url" : "file",
        "give exactly one of 'url' (live stream) or 'file' (replay)");
    if (url != null) {
      ConfigViolation.check(url.matches("(?i)(rtsp|rtsps|http|https|file)://.+"), "url",
          "must be an rtsp://, http(s):// or file:// URL");
      ConfigViolation.check(!url.matches("(?i)[a-z]+://[^/@]*:[^/@]*@.*"), "url",
          "must not contain a password; use passwordEnv or passwordFile");
      ConfigViolation.check(loop == null, "loop", "only applies to 'file' cameras");
    }
    ConfigViolation.required(scene, "scene");
    ConfigViolation.required(gridCell, "gridCell");
    ConfigViolation.check(passwordEnv == null || passwordFile == null, "passwordFile",
        "give at most one of passwordEnv or passwordFile");
    if (offlineAlertSeconds == null) {
      offlineAlertSeconds = DEFAULT_OFFLINE_ALERT_SECONDS;
    }
    ConfigViolation.check(offlineAlertSeconds >= 5 && offlineAlertSeconds <= 86_400, "offlineAlertSeconds",
        "must be within 5..86400 seconds, got " + offlineAlertSeconds);
    if (decoder == null) {
      decoder = DecoderKind.FFMPEG;
    }
    if (loop == null && file != null) {
      loop = false;
    }
  }
}
