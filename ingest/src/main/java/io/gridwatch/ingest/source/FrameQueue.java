package io.gridwatch.ingest.source;

import io.gridwatch.contracts.CameraStatus;
import io.gridwatch.contracts.Frame;
import java.util.ArrayDeque;

/**
 * A small bounded hand-off between one camera's decoder thread and the Flink task thread. When
 * detection falls behind, the oldest frame is dropped and counted: a fresh frame is worth more
 * than a stale one, and the decoder must never wait on detection. Setups and status changes are
 * never dropped (they are rare: one per start, connect or disconnect) and go out before any
 * frame.
 */
final class FrameQueue {

  private final int capacity;
  private final ArrayDeque<Frame> frames;
  private final ArrayDeque<CameraEvent> control = new ArrayDeque<>();
  private long dropped;

  FrameQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("queue capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
    this.frames = new ArrayDeque<>(capacity);
  }

  /** Adds a frame; returns true when an older frame had to be dropped to make room. */
  synchronized boolean offer(Frame frame) {
    boolean drop = frames.size() >= capacity;
    if (drop) {
      frames.pollFirst();
      dropped++;
    }
    frames.addLast(frame);
    return drop;
  }

  synchronized void offer(CameraStatus status) {
    control.addLast(CameraEvent.of(status));
  }

  synchronized void offer(CameraSetup setup) {
    control.addLast(CameraEvent.of(setup));
  }

  /** The next event: setups and status changes first, in order, then the oldest frame. */
  synchronized CameraEvent poll() {
    CameraEvent c = control.pollFirst();
    if (c != null) {
      return c;
    }
    Frame f = frames.pollFirst();
    return f == null ? null : CameraEvent.of(f);
  }

  synchronized boolean isEmpty() {
    return frames.isEmpty() && control.isEmpty();
  }

  synchronized long dropped() {
    return dropped;
  }
}
