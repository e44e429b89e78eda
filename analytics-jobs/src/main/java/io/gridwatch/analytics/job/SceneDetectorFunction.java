package io.gridwatch.analytics.job;

import io.gridwatch.analytics.detect.DetectionRunner;
import io.gridwatch.analytics.detect.Detectors;
import io.gridwatch.analytics.evidence.EvidenceStore;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.config.SceneConfig;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each camera's scene detector on its frames. Thin on purpose: the vision logic lives in
 * the {@link io.gridwatch.analytics.detect.Detector} classes.
 *
 * <p>State: a detector's background model is rebuilt from the stream after a restart (it needs
 * only seconds of frames), so it is kept on the heap of the subtask that owns the camera rather
 * than in checkpointed state. A failure on one camera's frame is logged and counted; it never
 * fails the job.
 */
public final class SceneDetectorFunction extends KeyedProcessFunction<String, Frame, Alert> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SceneDetectorFunction.class);

  private final HashMap<String, SceneConfig> scenes;
  private final EvidenceStore evidence;

  private transient Map<String, DetectionRunner> runners;
  private transient Set<String> refused;
  private transient Counter alerts;
  private transient Counter frameErrors;
  private transient Counter unknownCameraFrames;

  /**
   * @param scenes   scene of each camera, by camera id
   * @param evidence where snapshots go, or null
   */
  public SceneDetectorFunction(Map<String, SceneConfig> scenes, EvidenceStore evidence) {
    this.scenes = new HashMap<>(scenes);
    this.evidence = evidence;
  }

  @Override
  public void open(OpenContext openContext) {
    runners = new HashMap<>();
    refused = new HashSet<>();
    alerts = getRuntimeContext().getMetricGroup().counter("alerts");
    frameErrors = getRuntimeContext().getMetricGroup().counter("frameErrors");
    unknownCameraFrames = getRuntimeContext().getMetricGroup().counter("unknownCameraFrames");
  }

  @Override
  public void processElement(Frame frame, Context ctx, Collector<Alert> out) {
    DetectionRunner runner = runnerFor(frame.cameraId());
    if (runner == null) {
      unknownCameraFrames.inc();
      return;
    }
    try {
      for (Alert alert : runner.onFrame(frame, frame.wallMs())) {
        alerts.inc();
        LOG.info("camera {}: {} alert {} in zone {}", alert.cameraId(), alert.scene(), alert.alertId(), alert.zone());
        out.collect(alert);
      }
    } catch (RuntimeException e) {
      frameErrors.inc();
      LOG.warn("camera {}: frame {} skipped: {}", frame.cameraId(), frame.seq(), e.toString());
    }
  }

  private DetectionRunner runnerFor(String cameraId) {
    DetectionRunner runner = runners.get(cameraId);
    if (runner != null || refused.contains(cameraId)) {
      return runner;
    }
    SceneConfig scene = scenes.get(cameraId);
    if (scene == null) {
      LOG.warn("camera {}: no scene configured; its frames are ignored", cameraId);
      refused.add(cameraId);
      return null;
    }
    try {
      runner = new DetectionRunner(Detectors.forScene(scene), evidence);
    } catch (Detectors.UnsupportedSceneException e) {
      LOG.warn("{}; its frames are ignored", e.getMessage());
      refused.add(cameraId);
      return null;
    }
    runners.put(cameraId, runner);
    return runner;
  }

  @Override
  public void close() {
    if (runners != null) {
      runners.values().forEach(DetectionRunner::close);
      runners.clear();
    }
  }
}
