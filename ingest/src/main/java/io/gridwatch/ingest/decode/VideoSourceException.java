package io.gridwatch.ingest.decode;

import java.io.IOException;

/** A camera stream or video file that cannot be opened or read; the message names it. */
public class VideoSourceException extends IOException {

  public VideoSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
