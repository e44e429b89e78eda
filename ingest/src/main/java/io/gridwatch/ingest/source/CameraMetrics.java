package io.gridwatch.ingest.source;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counters of one camera, shared by its decoder thread (writer) and Flink's metric reporters
 * (readers). Registered under the metric group {@code camera.<id>}; the stream URL is never part
 * of a metric name.
 */
public final class CameraMetrics {

  final AtomicLong framesDecoded = new AtomicLong();
  final AtomicLong framesSampled = new AtomicLong();
  final AtomicLong framesDropped = new AtomicLong();
  final AtomicLong reconnects = new AtomicLong();
  final AtomicLong decodeErrors = new AtomicLong();
  final AtomicLong lastFrameWallMs = new AtomicLong();

  void register(MetricGroup cameraGroup) {
    cameraGroup.gauge("framesDecoded", framesDecoded::get);
    cameraGroup.gauge("framesSampled", framesSampled::get);
    cameraGroup.gauge("framesDropped", framesDropped::get);
    cameraGroup.gauge("reconnects", reconnects::get);
    cameraGroup.gauge("decodeErrors", decodeErrors::get);
    cameraGroup.gauge("lastFrameAgeMs", () -> {
      long last = lastFrameWallMs.get();
      return last == 0 ? -1L : System.currentTimeMillis() - last;
    });
  }

  public long framesDecoded() {
    return framesDecoded.get();
  }

  public long framesSampled() {
    return framesSampled.get();
  }

  public long framesDropped() {
    return framesDropped.get();
  }

  public long reconnects() {
    return reconnects.get();
  }

  public long decodeErrors() {
    return decodeErrors.get();
  }
}
