package io.gridwatch.cli.bench;

import io.gridwatch.contracts.Frame;
import io.gridwatch.ingest.source.CameraEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Counts what each camera delivers, on the records' way to a discarding sink. The counters are
 * static because the benchmark reads them from outside the job: the MiniCluster runs the job in
 * this JVM, with this class loader (the job ships no jar of its own), so task threads and the
 * benchmark see the same map. Not for a job on a real cluster.
 */
final class FrameCounter implements MapFunction<CameraEvent, CameraEvent> {

  private static final long serialVersionUID = 1L;

  /** Camera id to its counters; the benchmark clears it before a run. */
  static final Map<String, Counts> CAMERAS = new ConcurrentHashMap<>();

  /** One camera's counters: written by the one subtask that owns the camera, read by the benchmark. */
  static final class Counts {
    /** Frames received; the benchmark swaps it to 0 every minute. */
    final AtomicLong frames = new AtomicLong();
    /** Offline status events: the source lost the camera and is reconnecting. */
    final AtomicLong offline = new AtomicLong();
    /** Largest {@link #lagMs} since the benchmark last swapped it to 0. */
    final AtomicLong maxLagMs = new AtomicLong();
    /** Decoder frame number of the last frame received, -1 before the first. */
    final AtomicLong lastSeq = new AtomicLong(-1);
    /** Bumped when a new decoder session starts (seq went back): its frame numbers restart at 0. */
    final AtomicLong sessions = new AtomicLong();
    // Touched by the owning subtask's thread only (keyBy keeps a camera on one subtask).
    private long minOffsetMs = Long.MAX_VALUE;

    /**
     * How far the frame reaches the sink behind the camera's own clock: arrival minus media time,
     * above the smallest such difference seen in this session. It stays near 0 while decoding
     * keeps up with the camera, and grows without bound when it does not.
     */
    private long lagMs(Frame f, long nowMs) {
      long offset = nowMs - f.ptsMs();
      minOffsetMs = Math.min(minOffsetMs, offset);
      return offset - minOffsetMs;
    }
  }

  @Override
  public CameraEvent map(CameraEvent e) {
    Counts c = CAMERAS.computeIfAbsent(e.cameraId(), id -> new Counts());
    if (e.frame() != null) {
      Frame f = e.frame();
      if (f.seq() <= c.lastSeq.get()) {
        c.minOffsetMs = Long.MAX_VALUE; // a reconnect: a new media clock
        c.sessions.incrementAndGet();
      }
      c.lastSeq.set(f.seq());
      long lag = c.lagMs(f, System.currentTimeMillis());
      c.maxLagMs.accumulateAndGet(lag, Math::max);
      c.frames.incrementAndGet();
    } else if (e.status() != null && !e.status().online()) {
      c.offline.incrementAndGet();
    }
    return e;
  }
}
