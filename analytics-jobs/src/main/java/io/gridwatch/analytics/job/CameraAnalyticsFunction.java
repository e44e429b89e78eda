package io.gridwatch.analytics.job;

import io.gridwatch.analytics.detect.DetectionRunner;
import io.gridwatch.analytics.detect.Detectors;
import io.gridwatch.analytics.evidence.EvidenceStore;
import io.gridwatch.analytics.health.CameraOutage;
import io.gridwatch.contracts.CameraStatus;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.config.SceneCodec;
import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.ingest.source.CameraEvent;
import io.gridwatch.ingest.source.CameraSetup;
import io.gridwatch.ingest.source.CameraSplit;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per camera: runs the scene detector on its frames and watches its connection for outages.
 * Thin on purpose: the vision logic lives in {@link io.gridwatch.analytics.detect.Detector}s and
 * the outage rules in {@link CameraOutage}.
 *
 * <p>Configuration arrives in the stream: each camera's {@link CameraSetup} (its scene and outage
 * limit) comes ahead of its frames whenever the source starts the camera, and again when the
 * site file changes, so a retuned scene reaches the detector without a job restart, in order with
 * the frames it applies to.
 *
 * <p>State: the outage state is keyed state (RocksDB in production), so an outage that began
 * before a restart still alerts once, and it is cleared as soon as the camera is online again, so
 * a healthy camera holds no state. A detector's background model is rebuilt from the stream
 * after a restart (it needs only seconds of frames) and therefore lives on the heap of the
 * subtask that owns the camera. A failure on one frame is logged and counted; it never fails the
 * job.
 */
public final class CameraAnalyticsFunction extends KeyedProcessFunction<String, CameraEvent, Alert> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(CameraAnalyticsFunction.class);

  private final EvidenceStore evidence;

  private transient ValueState<CameraOutage.State> outageState;
  private transient Map<String, DetectionRunner> runners;
  private transient Map<String, Long> offlineAlertMs;
  private transient Map<String, SceneConfig> scenes;
  private transient Counter alerts;
  private transient Counter frameErrors;
  private transient Counter unknownCameraFrames;

  /** @param evidence where snapshots go, or null */
  public CameraAnalyticsFunction(EvidenceStore evidence) {
    this.evidence = evidence;
  }

  @Override
  public void open(OpenContext openContext) {
    outageState = getRuntimeContext().getState(
        new ValueStateDescriptor<>("camera-outage", TypeInformation.of(CameraOutage.State.class)));
    runners = new HashMap<>();
    offlineAlertMs = new HashMap<>();
    scenes = new HashMap<>();
    alerts = getRuntimeContext().getMetricGroup().counter("alerts");
    frameErrors = getRuntimeContext().getMetricGroup().counter("frameErrors");
    unknownCameraFrames = getRuntimeContext().getMetricGroup().counter("unknownCameraFrames");
  }

  @Override
  public void processElement(CameraEvent event, Context ctx, Collector<Alert> out) throws Exception {
    String cameraId = event.cameraId();
    if (event.setup() != null) {
      setUp(event.setup());
      return;
    }
    if (event.status() != null) {
      CameraStatus status = event.status();
      LOG.info("camera {}: {} ({})", cameraId, status.online() ? "online" : "offline", status.reason());
      if (status.online()) {
        restartDetector(cameraId);
      }
      apply(outage(cameraId).onStatus(current(), status), ctx, out);
      return;
    }
    Frame frame = event.frame();
    CameraOutage.State state = outageState.value();
    if (state != null) {
      apply(outage(cameraId).onFrame(state, cameraId, frame.wallMs()), ctx, out);
    }
    detect(frame, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    apply(outage(ctx.getCurrentKey()).onTimer(current(), ctx.getCurrentKey(), timestamp), ctx, out);
  }

  private CameraOutage.State current() throws Exception {
    CameraOutage.State state = outageState.value();
    return state == null ? CameraOutage.State.ONLINE : state;
  }

  private CameraOutage outage(String cameraId) {
    return new CameraOutage(offlineAlertMs.getOrDefault(cameraId, CameraSplit.DEFAULT_OFFLINE_ALERT_MS));
  }

  /**
   * After an outage the view may have changed (light, a moved camera) and an episode open before
   * it says nothing about now: the detector starts afresh from its scene.
   */
  private void restartDetector(String cameraId) {
    SceneConfig scene = scenes.get(cameraId);
    DetectionRunner old = runners.remove(cameraId);
    if (old != null) {
      old.close();
    }
    if (scene != null) {
      runners.put(cameraId, Detectors.runnerFor(scene, evidence));
    }
  }

  private void setUp(CameraSetup setup) {
    String cameraId = setup.cameraId();
    if (!setup.removed() && setup.sceneJson() != null && retune(cameraId, setup)) {
      return;
    }
    DetectionRunner old = runners.remove(cameraId);
    if (old != null) {
      old.close();
    }
    if (setup.removed()) {
      LOG.info("camera {}: removed from the site", cameraId);
      offlineAlertMs.remove(cameraId);
      scenes.remove(cameraId);
      outageState.clear();
      return;
    }
    offlineAlertMs.put(cameraId, setup.offlineAlertMs());
    if (setup.sceneJson() == null) {
      LOG.info("camera {}: no scene; watched for outages only", cameraId);
      return;
    }
    try {
      SceneConfig scene = SceneCodec.fromJson(setup.sceneJson());
      runners.put(cameraId, Detectors.runnerFor(scene, evidence));
      scenes.put(cameraId, scene);
      LOG.info("camera {}: {} scene set up", cameraId, scene.scene().wireName());
    } catch (Detectors.UnsupportedSceneException | IllegalArgumentException e) {
      LOG.warn("camera {}: {}; its frames are only watched for outages", cameraId, e.getMessage());
    }
  }

  /**
   * A changed scene for a camera whose detector can take it live (street occupation): the
   * detector keeps what it learned of the street, and zones that were removed lose their state.
   * Other detectors are rebuilt from the new scene.
   */
  private boolean retune(String cameraId, CameraSetup setup) {
    DetectionRunner runner = runners.get(cameraId);
    if (runner == null) {
      return false;
    }
    try {
      SceneConfig scene = SceneCodec.fromJson(setup.sceneJson());
      if (!runner.retune(scene)) {
        return false;
      }
      offlineAlertMs.put(cameraId, setup.offlineAlertMs());
      scenes.put(cameraId, scene);
      LOG.info("camera {}: {} scene retuned in place", cameraId, scene.scene().wireName());
      return true;
    } catch (IllegalArgumentException e) {
      return false; // setUp reports it while building afresh
    }
  }

  private void apply(CameraOutage.Step step, Context ctx, Collector<Alert> out) throws Exception {
    if (step.state().offline()) {
      outageState.update(step.state());
    } else {
      outageState.clear(); // an online camera keeps no state
    }
    if (step.timerAtMs() >= 0) {
      ctx.timerService().registerProcessingTimeTimer(step.timerAtMs());
    }
    step.alert().ifPresent(a -> emit(a, out));
  }

  private void detect(Frame frame, Collector<Alert> out) {
    DetectionRunner runner = runnerFor(frame.cameraId());
    if (runner == null) {
      unknownCameraFrames.inc();
      return;
    }
    try {
      runner.onFrame(frame, frame.wallMs()).forEach(a -> emit(a, out));
    } catch (RuntimeException e) {
      frameErrors.inc();
      LOG.warn("camera {}: frame {} skipped: {}", frame.cameraId(), frame.seq(), e.toString());
    }
  }

  private void emit(Alert alert, Collector<Alert> out) {
    alerts.inc();
    LOG.info("camera {}: {} alert {}{}", alert.cameraId(), alert.scene(), alert.alertId(),
        alert.zone() == null ? "" : " in zone " + alert.zone());
    out.collect(alert);
  }

  private DetectionRunner runnerFor(String cameraId) {
    return runners.get(cameraId);
  }

  @Override
  public void close() {
    if (runners != null) {
      runners.values().forEach(DetectionRunner::close);
      runners.clear();
    }
  }
}
