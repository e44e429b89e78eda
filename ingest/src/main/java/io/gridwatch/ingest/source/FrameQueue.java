package io.gridwatch.ingest.source;

import io.gridwatch.contracts.Frame;
import java.util.ArrayDeque;

/**
 * A small bounded hand-off between one camera's decoder thread and the Flink task thread. When
 * detection falls behind, the oldest frame is dropped and counted: a fresh frame is worth more
 * than a stale one, and the decoder must never wait on detection.
 */
final class FrameQueue {

  private final int capacity;
  private final ArrayDeque<Frame> frames;
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

  synchronized Frame poll() {
    return frames.pollFirst();
  }

  synchronized boolean isEmpty() {
    return frames.isEmpty();
  }

  synchronized int size() {
    return frames.size();
  }

  synchronized long dropped() {
    return dropped;
  }
}
