package io.gridwatch.ingest.decode;

import io.gridwatch.contracts.Frame;
import java.io.IOException;

/**
 * One open video stream or file, read frame by frame. Not thread-safe: one thread owns a decoder
 * from {@link #open()} to {@link #close()}.
 */
public interface VideoDecoder extends AutoCloseable {

  /** Connects to the stream or opens the file. */
  void open() throws IOException;

  /**
   * The next decoded frame, or null at the end of the stream (for a live camera, end of stream
   * means the camera went away).
   */
  Frame next() throws IOException;

  /** Frames per second the stream announces, or 0 when unknown. */
  double frameRate();

  @Override
  void close();
}
