package io.gridwatch.analytics.job;

import io.gridwatch.analytics.detect.DetectionRunner;
import io.gridwatch.analytics.detect.DetectorState;
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
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
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
 * <p>State (see decision 30 in {@code docs/decisions.md}):
 * <ul>
 *   <li>{@code camera-outage}: the outage, so that one that began before a restart still alerts
 *       once; cleared as soon as the camera is online again.</li>
 *   <li>{@code detector-state}: what decides the detector's alerts (open episodes, alarms, falls
 *       reported, live tracks), as the detector encodes it, written whenever its bytes change.
 *       After a restart (or when the detector is rebuilt) it is handed back to the detector, so an
 *       episode that alerted does not alert again and a fall under way is not lost.</li>
 *   <li>{@code detector-images}: learned images a detector keeps at a low rate (the street's
 *       empty reference, every few minutes of camera time).</li>
 *   <li>{@code quiet-timer}: the processing-time timer that drops the detector and both of its
 *       states once the camera has sent no frame for the quiet time, so that state of cameras that
 *       went away does not stay forever.</li>
 * </ul>
 * The detector itself, with its pixel models, lives on the heap of the subtask that owns the
 * camera. A removed camera loses everything. A failure on one frame is logged and counted; it
 * never fails the job.
 */
public final class CameraAnalyticsFunction extends KeyedProcessFunction<String, CameraEvent, Alert> {

  private static final long serialVersionUID = 2L;
  private static final Logger LOG = LoggerFactory.getLogger(CameraAnalyticsFunction.class);

  /** Default for how long a camera may send no frame before its detector state is dropped. */
  public static final Duration DEFAULT_QUIET_STATE_TTL = Duration.ofMinutes(30);
  /** Shortest quiet time allowed: it must be well above any camera's sampling interval. */
  public static final Duration MIN_QUIET_STATE_TTL = Duration.ofMinutes(1);

  /** Names of the keyed states this function keeps per camera. */
  public static final java.util.List<String> STATE_NAMES =
      java.util.List.of("camera-outage", "detector-state", "detector-images", "quiet-timer");

  private final EvidenceStore evidence;
  private final long quietTtlMs;

  private transient ValueState<CameraOutage.State> outageState;
  private transient ValueState<byte[]> detectorState;
  private transient ValueState<byte[]> detectorImages;
  private transient ValueState<Long> quietTimer;
  private transient Map<String, DetectionRunner> runners;
  private transient Map<String, Long> offlineAlertMs;
  private transient Map<String, SceneConfig> scenes;
  /** The detector state last written to keyed state, to write only what changed. */
  private transient Map<String, byte[]> written;
  /** The camera's last frame: processing time (for the quiet timer) and camera time. */
  private transient Map<String, long[]> lastFrame;
  /** The pending quiet timer, mirrored from keyed state so that frames need not read it. */
  private transient Map<String, Long> quietTimerAt;
  private transient Counter alerts;
  private transient Counter frameErrors;
  private transient Counter unknownCameraFrames;
  private transient Counter quietCameras;

  /** @param evidence where snapshots go, or null */
  public CameraAnalyticsFunction(EvidenceStore evidence) {
    this(evidence, DEFAULT_QUIET_STATE_TTL);
  }

  /**
   * @param evidence       where snapshots go, or null
   * @param quietStateTtl  how long a camera may send no frame before its detector and the
   *                       detector's keyed state are dropped; at least {@link #MIN_QUIET_STATE_TTL}
   */
  public CameraAnalyticsFunction(EvidenceStore evidence, Duration quietStateTtl) {
    if (quietStateTtl == null || quietStateTtl.compareTo(MIN_QUIET_STATE_TTL) < 0) {
      throw new IllegalArgumentException("quiet camera state TTL must be at least " + MIN_QUIET_STATE_TTL + ", got "
          + quietStateTtl);
    }
    this.evidence = evidence;
    this.quietTtlMs = quietStateTtl.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    outageState = getRuntimeContext().getState(
        new ValueStateDescriptor<>("camera-outage", TypeInformation.of(CameraOutage.State.class)));
    detectorState = getRuntimeContext().getState(
        new ValueStateDescriptor<>("detector-state", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    detectorImages = getRuntimeContext().getState(
        new ValueStateDescriptor<>("detector-images", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    quietTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("quiet-timer", Types.LONG));
    runners = new HashMap<>();
    offlineAlertMs = new HashMap<>();
    scenes = new HashMap<>();
    written = new HashMap<>();
    lastFrame = new HashMap<>();
    quietTimerAt = new HashMap<>();
    alerts = getRuntimeContext().getMetricGroup().counter("alerts");
    frameErrors = getRuntimeContext().getMetricGroup().counter("frameErrors");
    unknownCameraFrames = getRuntimeContext().getMetricGroup().counter("unknownCameraFrames");
    quietCameras = getRuntimeContext().getMetricGroup().counter("quietCamerasForgotten");
  }

  @Override
  public void processElement(CameraEvent event, Context ctx, Collector<Alert> out) throws Exception {
    String cameraId = event.cameraId();
    if (event.setup() != null) {
      setUp(event.setup(), ctx);
      return;
    }
    if (event.status() != null) {
      CameraStatus status = event.status();
      LOG.info("camera {}: {} ({})", cameraId, status.online() ? "online" : "offline", status.reason());
      if (status.online() && current().offline()) {
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
    detect(frame, ctx, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    String cameraId = ctx.getCurrentKey();
    apply(outage(cameraId).onTimer(current(), cameraId, timestamp), ctx, out);
    Long pending = quietTimer.value();
    if (pending == null || pending != timestamp) {
      return; // an outage timer, or the quiet timer of a camera already forgotten
    }
    long[] last = lastFrame.get(cameraId);
    if (last == null) {
      // Restored from a checkpoint and no frame since: count the quiet time from now.
      last = new long[] {timestamp, Long.MIN_VALUE};
      lastFrame.put(cameraId, last);
    }
    if (timestamp - last[0] >= quietTtlMs) {
      LOG.info("camera {}: no frame for {} s; its detector state is dropped", cameraId, quietTtlMs / 1000);
      quietCameras.inc();
      forgetDetector(cameraId, ctx);
    } else {
      armQuietTimer(cameraId, last[0] + quietTtlMs, ctx);
    }
  }

  private CameraOutage.State current() throws Exception {
    CameraOutage.State state = outageState.value();
    return state == null ? CameraOutage.State.ONLINE : state;
  }

  private CameraOutage outage(String cameraId) {
    return new CameraOutage(offlineAlertMs.getOrDefault(cameraId, CameraSplit.DEFAULT_OFFLINE_ALERT_MS));
  }

  /**
   * After an outage the view may have changed (light, a moved camera): the detector is rebuilt
   * and learns its pixel models afresh, but gets back what it had decided (kept in keyed state),
   * so goods that stood there before the outage and still do are not a new episode.
   */
  private void restartDetector(String cameraId) throws Exception {
    closeRunner(cameraId);
    SceneConfig scene = scenes.get(cameraId);
    if (scene != null) {
      runners.put(cameraId, newRunner(scene));
    }
  }

  private void setUp(CameraSetup setup, Context ctx) throws Exception {
    String cameraId = setup.cameraId();
    if (!setup.removed() && setup.sceneJson() != null && retune(cameraId, setup)) {
      return;
    }
    closeRunner(cameraId);
    if (setup.removed()) {
      LOG.info("camera {}: removed from the site", cameraId);
      CameraOutage.State outage = outageState.value();
      if (outage != null && outage.offline() && !outage.alerted()) {
        // the outage's alert timer, as CameraOutage asked for it: a removed camera leaves no timer either
        ctx.timerService().deleteProcessingTimeTimer(outage.offlineSinceMs()
            + offlineAlertMs.getOrDefault(cameraId, CameraSplit.DEFAULT_OFFLINE_ALERT_MS));
      }
      offlineAlertMs.remove(cameraId);
      scenes.remove(cameraId);
      outageState.clear();
      forgetDetector(cameraId, ctx);
      return;
    }
    offlineAlertMs.put(cameraId, setup.offlineAlertMs());
    if (setup.sceneJson() == null) {
      LOG.info("camera {}: no scene; watched for outages only", cameraId);
      scenes.remove(cameraId);
      forgetDetector(cameraId, ctx);
      return;
    }
    try {
      SceneConfig scene = SceneCodec.fromJson(setup.sceneJson());
      runners.put(cameraId, newRunner(scene));
      scenes.put(cameraId, scene);
      LOG.info("camera {}: {} scene set up", cameraId, scene.scene().wireName());
    } catch (Detectors.UnsupportedSceneException | IllegalArgumentException e) {
      LOG.warn("camera {}: {}; its frames are only watched for outages", cameraId, e.getMessage());
    }
  }

  /**
   * The scene's detector, given what an earlier detector of the camera kept (after a restart from
   * a checkpoint, an outage, or a scene change it could not take in place); the detector drops
   * what no longer fits the scene.
   */
  private DetectionRunner newRunner(SceneConfig scene) throws Exception {
    DetectionRunner runner = Detectors.runnerFor(scene, evidence);
    byte[] kept = detectorState.value();
    byte[] images = detectorImages.value();
    if (kept != null || images != null) {
      runner.restore(new DetectorState(kept, images));
    }
    return runner;
  }

  /**
   * A changed scene for a camera whose detector can take it live (street occupation): the
   * detector keeps what it learned of the street, and zones that were removed lose their state,
   * in keyed state too. Other detectors are rebuilt from the new scene.
   */
  private boolean retune(String cameraId, CameraSetup setup) throws Exception {
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
      long[] last = lastFrame.get(cameraId);
      if (last != null && last[1] != Long.MIN_VALUE) {
        keep(cameraId, runner.snapshot(last[1]));
      }
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
      outageState.clear(); // an online camera keeps no outage state
    }
    if (step.timerAtMs() >= 0) {
      ctx.timerService().registerProcessingTimeTimer(step.timerAtMs());
    }
    step.alert().ifPresent(a -> emit(a, out));
  }

  private void detect(Frame frame, Context ctx, Collector<Alert> out) throws Exception {
    String cameraId = frame.cameraId();
    DetectionRunner runner = runnerFor(cameraId);
    if (runner == null) {
      unknownCameraFrames.inc();
      return;
    }
    long now = ctx.timerService().currentProcessingTime();
    lastFrame.put(cameraId, new long[] {now, frame.wallMs()});
    if (quietTimerAt.get(cameraId) == null) {
      Long pending = quietTimer.value(); // after a restore, the timer may be pending already
      if (pending == null) {
        armQuietTimer(cameraId, now + quietTtlMs, ctx);
      } else {
        quietTimerAt.put(cameraId, pending);
      }
    }
    try {
      runner.onFrame(frame, frame.wallMs()).forEach(a -> emit(a, out));
      keep(cameraId, runner.snapshot(frame.wallMs()));
    } catch (RuntimeException e) {
      frameErrors.inc();
      LOG.warn("camera {}: frame {} skipped: {}", frame.cameraId(), frame.seq(), e.toString());
    }
  }

  /** Writes the detector's state where it changed: the alerting part when its bytes differ, images when given. */
  private void keep(String cameraId, DetectorState state) throws Exception {
    byte[] alerting = state.alerting();
    if (!Arrays.equals(alerting, written.get(cameraId))) {
      if (alerting == null) {
        detectorState.clear();
      } else {
        detectorState.update(alerting);
      }
      written.put(cameraId, alerting);
    }
    if (state.images() != null) {
      detectorImages.update(state.images());
    }
  }

  private void armQuietTimer(String cameraId, long atMs, Context ctx) throws Exception {
    ctx.timerService().registerProcessingTimeTimer(atMs);
    quietTimer.update(atMs);
    quietTimerAt.put(cameraId, atMs);
  }

  /**
   * Drops the camera's detector and everything kept for it in keyed state (a removed camera, one
   * without a scene, one quiet for the quiet time); its scene stays known, so that frames arriving
   * later get a fresh detector.
   */
  private void forgetDetector(String cameraId, Context ctx) throws Exception {
    closeRunner(cameraId);
    Long pending = quietTimer.value();
    if (pending != null) {
      ctx.timerService().deleteProcessingTimeTimer(pending);
    }
    quietTimer.clear();
    detectorState.clear();
    detectorImages.clear();
    quietTimerAt.remove(cameraId);
    lastFrame.remove(cameraId);
    written.remove(cameraId);
  }

  private void closeRunner(String cameraId) {
    DetectionRunner old = runners.remove(cameraId);
    if (old != null) {
      old.close();
    }
  }

  private void emit(Alert alert, Collector<Alert> out) {
    alerts.inc();
    LOG.info("camera {}: {} alert {}{}", alert.cameraId(), alert.scene(), alert.alertId(),
        alert.zone() == null ? "" : " in zone " + alert.zone());
    out.collect(alert);
  }

  /** The camera's detector; rebuilt from its scene if it was dropped while the camera was quiet. */
  private DetectionRunner runnerFor(String cameraId) throws Exception {
    DetectionRunner runner = runners.get(cameraId);
    if (runner == null && scenes.containsKey(cameraId)) {
      try {
        runner = newRunner(scenes.get(cameraId));
        runners.put(cameraId, runner);
      } catch (Detectors.UnsupportedSceneException | IllegalArgumentException e) {
        return null;
      }
    }
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
