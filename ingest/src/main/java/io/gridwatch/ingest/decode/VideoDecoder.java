package io.gridwatch.ingest.decode;

import io.gridwatch.contracts.Frame;
import java.io.IOException;

/**
 * One open video stream or file, read frame by frame. Not thread-safe: one thread owns a decoder
 * from {@link #open()} to {@link #close()}.
 */
public interface VideoDecoder extends AutoCloseable {

  /**
   * Longest wait for a network camera to answer the handshake (RTSP up to PLAY) before the
   * attempt is given up ({@link HandshakeTimeoutException}), unless twice the socket timeout is
   * shorter. Shorter than the default socket timeout (which bounds the wait for video once a
   * camera streams, up to a whole GOP) because a camera that is still booting may accept the
   * connection and not answer: the next attempt, a second later, finds it ready, so a camera is
   * back within seconds of its return. A LAN camera answers in well under a second; a media
   * server that prepares a stream on request, or a loaded machine, can take a few.
   */
  java.time.Duration HANDSHAKE_TIMEOUT = java.time.Duration.ofSeconds(5);

  /** The handshake limit for a decoder with this socket timeout. */
  static java.time.Duration handshakeTimeout(java.time.Duration socketTimeout) {
    java.time.Duration twice = socketTimeout.multipliedBy(2);
    return twice.compareTo(HANDSHAKE_TIMEOUT) < 0 ? twice : HANDSHAKE_TIMEOUT;
  }

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
