package io.gridwatch.ingest.source;

import io.gridwatch.contracts.CameraStatus;
import io.gridwatch.contracts.Frame;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A small bounded hand-off between one camera's decoder thread and the Flink task thread. When
 * detection falls behind, the oldest frame is dropped and counted: a fresh frame is worth more
 * than a stale one, and the decoder must never wait on detection. Setups and status changes are
 * never dropped (they are rare: one per start, connect or disconnect).
 *
 * <p>Everything goes out in the order it came in. A status must not overtake the frames decoded
 * before it: an "offline" that went out ahead of the camera's last frames would be followed by
 * frames that look like the camera's return, and the outage would end before it was alerted.
 */
final class FrameQueue {

  private final int capacity;
  private final ArrayDeque<CameraEvent> events = new ArrayDeque<>();
  private int frames;
  private long dropped;

  FrameQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("queue capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Adds a frame; returns true when an older frame had to be dropped to make room. */
  synchronized boolean offer(Frame frame) {
    boolean drop = frames >= capacity;
    if (drop) {
      dropOldestFrame();
    }
    events.addLast(CameraEvent.of(frame));
    frames++;
    return drop;
  }

  synchronized void offer(CameraStatus status) {
    events.addLast(CameraEvent.of(status));
  }

  synchronized void offer(CameraSetup setup) {
    events.addLast(CameraEvent.of(setup));
  }

  /** The oldest event, or null. */
  synchronized CameraEvent poll() {
    CameraEvent e = events.pollFirst();
    if (e != null && e.frame() != null) {
      frames--;
    }
    return e;
  }

  synchronized boolean isEmpty() {
    return events.isEmpty();
  }

  synchronized long dropped() {
    return dropped;
  }

  /** Control events are few and near the head, so the oldest frame is found in a step or two. */
  private void dropOldestFrame() {
    Iterator<CameraEvent> it = events.iterator();
    while (it.hasNext()) {
      if (it.next().frame() != null) {
        it.remove();
        frames--;
        dropped++;
        return;
      }
    }
  }
}
