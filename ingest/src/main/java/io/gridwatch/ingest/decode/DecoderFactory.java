package io.gridwatch.ingest.decode;

import io.gridwatch.contracts.config.DecoderKind;
import java.io.Serializable;
import java.time.Duration;

/** Makes the decoder back-end a camera asks for. Serializable so that Flink can ship it. */
@FunctionalInterface
public interface DecoderFactory extends Serializable {

  /**
   * @param keyFramesOnly the caller keeps key frames only: a back-end that can skip decoding the
   *                      others should (both do: FFmpeg with skip_frame, GStreamer by dropping
   *                      the others before its decoder)
   */
  VideoDecoder create(String cameraId, String sourceWithCredentials, DecoderKind kind, boolean keyFramesOnly);

  /** The back-ends of this build. */
  static DecoderFactory standard(Duration socketTimeout) {
    long timeoutMs = socketTimeout.toMillis();
    return (cameraId, source, kind, keyFramesOnly) -> switch (kind) {
      case FFMPEG -> new FfmpegDecoder(cameraId, source, Duration.ofMillis(timeoutMs), keyFramesOnly);
      case GSTREAMER -> new GstreamerDecoder(cameraId, source, Duration.ofMillis(timeoutMs), keyFramesOnly);
    };
  }
}
