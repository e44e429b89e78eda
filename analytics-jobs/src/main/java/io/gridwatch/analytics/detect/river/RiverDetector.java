package io.gridwatch.analytics.detect.river;

import io.gridwatch.analytics.detect.Detection;
import io.gridwatch.analytics.detect.Detector;
import io.gridwatch.analytics.vision.Images;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.config.RiverScene;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One river camera: floating debris on the water ({@code river-debris}), people in danger zones
 * ({@code river-intrusion}) and the water level at a gauge ({@code water-level}). Three small
 * detectors share each decoded frame; each is left out when the scene does not configure it
 * (no danger zones, no level line).
 *
 * <p>State is bounded: per-pixel models of fixed size (the water at most
 * {@value DebrisDetector#WORKING_WIDTH} px wide, the motion gate {@value MotionGate#WORKING_WIDTH}
 * px wide, the gauge region), at most {@value DebrisDetector#MAX_TRACKS} debris tracks of at most
 * {@value DebrisDetector#MAX_POINTS} points, a median window of at most 256 readings, one episode
 * per zone and a week of debris summaries. {@link #stateBytes()} reports it.
 */
public final class RiverDetector implements Detector {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RiverDetector.class);

  private final String cameraId;
  private final RiverScene scene;
  private final MotionGate gate = new MotionGate();
  private final DebrisDetector debris;
  private final IntrusionDetector intrusion;
  private final WaterLevelDetector waterLevel;
  private long lastTimeMs = Long.MIN_VALUE;

  public RiverDetector(String cameraId, RiverScene scene) {
    this.cameraId = cameraId;
    this.scene = scene;
    this.debris = new DebrisDetector(cameraId, scene.water(), scene.debris(), DebrisDetector.Settings.defaults());
    this.intrusion = scene.dangerZones().isEmpty() ? null
        : new IntrusionDetector(cameraId, scene.dangerZones(), scene.minPersonHeight(),
            IntrusionDetector.Settings.defaults());
    this.waterLevel = scene.waterLevel() == null ? null
        : new WaterLevelDetector(cameraId, scene.waterLevel(), WaterLevelDetector.Settings.defaults());
  }

  @Override
  public List<Detection> onFrame(Frame frame, long timeMs) {
    try (Mat bgr = Images.toMat(frame)) {
      if (lastTimeMs != Long.MIN_VALUE && timeMs < lastTimeMs) {
        // time went backwards (a looped file): what was learned belongs to another stretch of time
        LOG.debug("camera {}: time went back from {} to {}; starting afresh", cameraId, lastTimeMs, timeMs);
        startAfresh();
      }
      double dtSeconds = lastTimeMs == Long.MIN_VALUE ? 0 : Math.max(0.001, (timeMs - lastTimeMs) / 1000.0);
      lastTimeMs = timeMs;
      List<Detection> out = new ArrayList<>();
      boolean gateReady = gate.update(bgr, dtSeconds);
      if (gateReady && gate.changedShare() > 0.6) {
        // a light switch, an exposure jump or a bumped camera: relearn instead of alerting
        LOG.debug("camera {} t={}: {} of the image changed; relearning", cameraId, timeMs, gate.changedShare());
        gate.reset();
        debris.reset();
        if (intrusion != null) {
          intrusion.relearn();
        }
        return out;
      }
      out.addAll(debris.onFrame(bgr, timeMs, dtSeconds));
      if (intrusion != null) {
        out.addAll(intrusion.onFrame(bgr, timeMs, dtSeconds, gate, gateReady));
      }
      if (waterLevel != null) {
        out.addAll(waterLevel.onFrame(bgr, timeMs));
      }
      return out;
    }
  }

  private void startAfresh() {
    gate.reset();
    debris.reset();
    if (intrusion != null) {
      intrusion.reset();
    }
    if (waterLevel != null) {
      waterLevel.reset();
    }
  }

  /** The scene this detector runs. */
  public RiverScene scene() {
    return scene;
  }

  /** The debris summary of the current day, as debris alerts carry it. */
  public java.util.Map<String, Object> debrisToday() {
    DebrisDay today = debris.days().today();
    return today == null ? java.util.Map.of() : today.summary();
  }

  /** The current median waterline row, NaN without a gauge or before the first reading. */
  public double waterLevel() {
    return waterLevel == null ? Double.NaN : waterLevel.level();
  }

  /** Bytes of detector state held for this camera (pixel models, tracks, readings). */
  public long stateBytes() {
    long bytes = gate.stateBytes() + debris.stateBytes() + (intrusion == null ? 0 : intrusion.stateBytes());
    bytes += (long) debris.trackCount() * (DebrisDetector.MAX_POINTS * 48 + 200);
    if (waterLevel != null) {
      bytes += waterLevel.readingsKept() * 48L + 64 * 1024; // readings, and the gauge region's last picture
    }
    return bytes;
  }

  /**
   * The water-level alarm, the danger zones' episodes and the debris alerted on lately (see
   * {@link RiverState}); the pixel models are learned again after a restart.
   */
  @Override
  public io.gridwatch.analytics.detect.DetectorState snapshot(long timeMs) {
    return io.gridwatch.analytics.detect.DetectorState.of(new RiverState(
        waterLevel == null ? null : waterLevel.kept(), intrusion == null ? List.of() : intrusion.kept(),
        debris.kept()).encode());
  }

  @Override
  public void restore(io.gridwatch.analytics.detect.DetectorState state) {
    if (state.alerting() == null) {
      return;
    }
    RiverState kept;
    try {
      kept = RiverState.decode(state.alerting());
    } catch (io.gridwatch.analytics.detect.StateCodec.StateFormatException e) {
      LOG.warn("camera {}: river state not restored: {}", cameraId, e.getMessage());
      return;
    }
    if (waterLevel != null && kept.level() != null && !waterLevel.restore(kept.level())) {
      LOG.info("camera {}: the water-level line or gauge changed; its alarm starts afresh", cameraId);
    }
    if (intrusion != null) {
      intrusion.restore(kept.zones());
    }
    debris.restore(kept.debris());
  }

  @Override
  public void close() {
    gate.close();
    debris.close();
    if (intrusion != null) {
      intrusion.close();
    }
    if (waterLevel != null) {
      waterLevel.close();
    }
  }
}
