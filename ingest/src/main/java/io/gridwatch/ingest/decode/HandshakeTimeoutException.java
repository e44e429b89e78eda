package io.gridwatch.ingest.decode;

/**
 * A network camera accepted the connection but did not answer the handshake within the
 * handshake limit ({@link VideoDecoder#handshakeTimeout}). The camera is there (something
 * accepted the connection), most likely booting or busy, so the caller retries soon rather than
 * after a long backoff.
 */
public class HandshakeTimeoutException extends VideoSourceException {

  public HandshakeTimeoutException(String message) {
    super(message, null);
  }
}
