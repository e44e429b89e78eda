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

  /**
   * The next decoded frame that {@code wanted} asks for, or null at the end of the stream. Frames
   * the gate refuses are decoded but not converted, where the back-end can skip that work.
   */
  default Frame next(FrameGate wanted) throws IOException {
    Frame f;
    while ((f = next()) != null && !wanted.wants(f.ptsMs(), f.keyFrame())) {
      // refused after conversion: this back-end cannot decide earlier
    }
    return f;
  }

  /** Frames decoded and refused by a {@link FrameGate} so far (0 when the back-end does not count). */
  default long framesSkipped() {
    return 0;
  }

  /** Packets the codec could not decode so far (0 when the back-end does not count). */
  default long decodeErrors() {
    return 0;
  }

  /** Frames per second the stream announces, or 0 when unknown. */
  double frameRate();

  @Override
  void close();
}
