package io.gridwatch.ingest.source;

import io.gridwatch.contracts.config.DecoderKind;
import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One camera, as a unit of work for the camera source. A split holds no password: it is written
 * into checkpoints, so it keeps only where the password comes from.
 *
 * @param cameraId         camera id, also the split id
 * @param source           stream URL (without password) or absolute file path
 * @param decoder          decoder back-end
 * @param loop             replay a file forever
 * @param realTime         pace a file at its frame rate, as a live camera would send it
 * @param samplingIntervalMs minimum media time between sampled frames, 0 for every frame
 * @param passwordEnv      environment variable holding the stream password, or null
 * @param passwordFile     file holding the stream password, or null
 * @param sceneJson        the camera's scene as JSON, or null when it has none
 * @param offlineAlertMs   how long an outage may last before a camera-offline alert
 */
public record CameraSplit(
    String cameraId,
    String source,
    DecoderKind decoder,
    boolean loop,
    boolean realTime,
    long samplingIntervalMs,
    String passwordEnv,
    String passwordFile,
    String sceneJson,
    long offlineAlertMs) implements SourceSplit, java.io.Serializable {

  /** Outage length before a camera-offline alert when nothing else is configured. */
  public static final long DEFAULT_OFFLINE_ALERT_MS = 60_000;

  /** A camera with only a source, for replays and tests: no password, no scene. */
  public static CameraSplit of(String cameraId, String source, boolean loop, boolean realTime, long samplingIntervalMs) {
    return new CameraSplit(cameraId, source, DecoderKind.FFMPEG, loop, realTime, samplingIntervalMs, null, null,
        null, DEFAULT_OFFLINE_ALERT_MS);
  }

  /**
   * How the camera's frames are sampled: as its scene says, or, for a camera without a scene,
   * every {@code samplingIntervalMs} (every frame when 0).
   */
  public io.gridwatch.contracts.config.SamplingConfig sampling() {
    if (sceneJson != null) {
      return io.gridwatch.contracts.config.SceneCodec.fromJson(sceneJson).sampling();
    }
    return samplingIntervalMs == 0 ? io.gridwatch.contracts.config.SamplingConfig.full()
        : io.gridwatch.contracts.config.SamplingConfig.every(samplingIntervalMs / 1000.0);
  }

  /** The same camera with a scene to analyse. */
  public CameraSplit withScene(String json) {
    return new CameraSplit(cameraId, source, decoder, loop, realTime, samplingIntervalMs, passwordEnv, passwordFile,
        json, offlineAlertMs);
  }

  public CameraSplit {
    Objects.requireNonNull(cameraId, "cameraId is required but not provided");
    Objects.requireNonNull(source, "source is required but not provided");
    Objects.requireNonNull(decoder, "decoder is required but not provided");
    if (samplingIntervalMs < 0) {
      throw new IllegalArgumentException("camera " + cameraId + ": samplingIntervalMs must be >= 0");
    }
    if (offlineAlertMs < 0) {
      throw new IllegalArgumentException("camera " + cameraId + ": offlineAlertMs must be >= 0");
    }
  }

  @Override
  public String splitId() {
    return cameraId;
  }
}
