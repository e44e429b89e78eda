package io.gridwatch.ingest.source;

import io.gridwatch.contracts.Frame;
import io.gridwatch.ingest.decode.StreamUrls;
import io.gridwatch.ingest.decode.VideoDecoder;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live stream that never ends by itself: when the camera goes away (end of stream or an error
 * after the first frame), it reconnects with capped backoff and goes on. Frames are stamped with
 * time since the first frame, because every reconnect restarts the stream's own timestamps.
 * Used by {@code gridwatch detect} on {@code rtsp://} URLs; the streaming job's camera workers do
 * the same and also report the outage.
 */
public final class ReconnectingDecoder implements VideoDecoder {

  private static final Logger LOG = LoggerFactory.getLogger(ReconnectingDecoder.class);

  private final String cameraId;
  private final String shownSource;
  private final Supplier<VideoDecoder> connect;
  private final Backoff backoff;
  private VideoDecoder current;
  private long startWallMs = -1;
  private long seq;
  private volatile boolean closed;

  /**
   * @param cameraId camera, for messages
   * @param source   the stream URL, for messages (redacted before use)
   * @param connect  makes a new, unopened decoder for each connection
   */
  public ReconnectingDecoder(String cameraId, String source, Supplier<VideoDecoder> connect) {
    this.cameraId = cameraId;
    this.shownSource = StreamUrls.redact(source);
    this.connect = connect;
    this.backoff = new Backoff(Duration.ofSeconds(1), CameraWorker.MAX_RECONNECT_DELAY, cameraId.hashCode());
  }

  /** The first connection must succeed: a camera that never answers is bad input, not an outage. */
  @Override
  public void open() throws IOException {
    current = connect.get();
    current.open();
  }

  @Override
  public Frame next() throws IOException {
    while (!closed) {
      Frame frame;
      try {
        frame = current == null ? null : current.next();
      } catch (IOException e) {
        LOG.warn("camera {}: {}", cameraId, e.getMessage());
        frame = null;
      }
      if (frame != null) {
        backoff.reset();
        long now = frame.wallMs();
        if (startWallMs < 0) {
          startWallMs = now;
        }
        return new Frame(cameraId, seq++, now - startWallMs, now, frame.width(), frame.height(), frame.keyFrame(),
            frame.format(), frame.pixels());
      }
      reconnect();
    }
    return null;
  }

  private void reconnect() throws IOException {
    if (current != null) {
      current.close();
      current = null;
      LOG.warn("camera {}: stream from {} lost; reconnecting", cameraId, shownSource);
    }
    try {
      Thread.sleep(backoff.nextDelayMs());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("camera " + cameraId + ": interrupted while reconnecting", e);
    }
    VideoDecoder next = connect.get();
    try {
      next.open();
      current = next;
      LOG.info("camera {}: reconnected to {}", cameraId, shownSource);
    } catch (IOException e) {
      next.close();
      if (e instanceof io.gridwatch.ingest.decode.HandshakeTimeoutException) {
        backoff.reset(); // the camera is there, booting or busy: try again soon
      }
      LOG.debug("camera {}: {}", cameraId, e.getMessage());
    }
  }

  @Override
  public double frameRate() {
    return current == null ? 0 : current.frameRate();
  }

  @Override
  public void close() {
    closed = true;
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
