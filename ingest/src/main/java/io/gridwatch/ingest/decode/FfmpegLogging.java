package io.gridwatch.ingest.decode;

import org.bytedeco.ffmpeg.global.avutil;

/**
 * FFmpeg prints stream banners and encoder chatter to stderr by default, which would mix with
 * GridWatch's own output; only its errors are worth showing.
 */
public final class FfmpegLogging {

  private static volatile boolean quiet;

  private FfmpegLogging() {}

  /** Limits FFmpeg's native log to errors. Cheap to call again. */
  public static void quiet() {
    if (!quiet) {
      avutil.av_log_set_level(avutil.AV_LOG_ERROR);
      quiet = true;
    }
  }
}
