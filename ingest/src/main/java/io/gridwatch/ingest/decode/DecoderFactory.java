package io.gridwatch.ingest.decode;

import io.gridwatch.contracts.config.DecoderKind;
import java.io.Serializable;
import java.time.Duration;

/** Makes the decoder back-end a camera asks for. Serializable so that Flink can ship it. */
@FunctionalInterface
public interface DecoderFactory extends Serializable {

  VideoDecoder create(String cameraId, String sourceWithCredentials, DecoderKind kind);

  /** The back-ends of this build. */
  static DecoderFactory standard(Duration socketTimeout) {
    long timeoutMs = socketTimeout.toMillis();
    return (cameraId, source, kind) -> switch (kind) {
      case FFMPEG -> new FfmpegDecoder(cameraId, source, Duration.ofMillis(timeoutMs));
      case GSTREAMER -> throw new UnsupportedOperationException(
          "camera " + cameraId + ": the GStreamer decoder is not part of this build yet; use decoder: ffmpeg");
    };
  }
}
