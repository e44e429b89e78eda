package io.gridwatch.ingest.badinput;

import io.gridwatch.contracts.config.DecoderKind;
import io.gridwatch.ingest.decode.FfmpegDecoder;
import io.gridwatch.ingest.decode.GstreamerDecoder;
import io.gridwatch.ingest.decode.VideoDecoder;
import java.time.Duration;

/** The decoder back-ends every bad-input test runs against. */
enum Backend {
  FFMPEG(DecoderKind.FFMPEG),
  GSTREAMER(DecoderKind.GSTREAMER);

  private final DecoderKind kind;

  Backend(DecoderKind kind) {
    this.kind = kind;
  }

  DecoderKind kind() {
    return kind;
  }

  /** A new, unopened decoder of this back-end. */
  VideoDecoder decoder(String cameraId, String source, Duration socketTimeout) {
    return switch (this) {
      case FFMPEG -> new FfmpegDecoder(cameraId, source, socketTimeout);
      case GSTREAMER -> new GstreamerDecoder(cameraId, source, socketTimeout);
    };
  }
}
