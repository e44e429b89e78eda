package io.gridwatch.ingest.decode;

import org.bytedeco.ffmpeg.global.avutil;

/**
 * FFmpeg prints stream banners, encoder chatter and connection errors straight to stderr, past
 * GridWatch's logging and its password redaction. It is silenced: every failure that matters
 * reaches GridWatch as an exception from JavaCV, whose message is redacted and logged with the
 * camera's id.
 */
public final class FfmpegLogging {

  private static volatile boolean quiet;

  private FfmpegLogging() {}

  /** Silences FFmpeg's native log. Cheap to call again. */
  public static void quiet() {
    if (!quiet) {
      avutil.av_log_set_level(avutil.AV_LOG_QUIET);
      quiet = true;
    }
  }
}
