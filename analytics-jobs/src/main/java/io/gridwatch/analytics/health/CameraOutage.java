package io.gridwatch.analytics.health;

import io.gridwatch.contracts.CameraStatus;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a camera's connection changes into {@code camera-offline} alerts: one alert when an
 * outage has lasted {@code alertAfterMs}, and one recovery alert when the camera returns after
 * such an alert. Short blips (a reconnect within the grace period) raise nothing, so a flaky
 * link does not flood the monitoring center.
 *
 * <p>A pure state machine over {@link State}: the Flink function keeps the state in keyed state
 * and sets the timer this class asks for.
 */
public final class CameraOutage {

  /**
   * One camera's outage.
   *
   * @param offlineSinceMs when the current outage began, or -1 when the camera is online
   * @param reason         why it went offline
   * @param alerted        whether the outage has raised its alert
   */
  public record State(long offlineSinceMs, String reason, boolean alerted) {
    public static final State ONLINE = new State(-1, "", false);

    public boolean offline() {
      return offlineSinceMs >= 0;
    }
  }

  /** What to do after an input: the new state, an alert to send, a timer to set. */
  public record Step(State state, Optional<Alert> alert, long timerAtMs) {
    static Step of(State state) {
      return new Step(state, Optional.empty(), -1);
    }
  }

  private final long alertAfterMs;

  public CameraOutage(long alertAfterMs) {
    if (alertAfterMs < 0) {
      throw new IllegalArgumentException("alertAfterMs must be >= 0, got " + alertAfterMs);
    }
    this.alertAfterMs = alertAfterMs;
  }

  /** A status change from ingest. */
  public Step onStatus(State state, CameraStatus status) {
    if (!status.online()) {
      if (state.offline()) {
        return Step.of(state); // still down; keep the outage's start
      }
      return new Step(new State(status.atMs(), status.reason(), false), Optional.empty(), status.atMs() + alertAfterMs);
    }
    return backOnline(state, status.cameraId(), status.atMs());
  }

  /**
   * A frame captured at {@code atMs} arrived: the camera is evidently online, unless the frame
   * was captured before the outage began (late from a queue) and proves nothing about now.
   */
  public Step onFrame(State state, String cameraId, long atMs) {
    return state.offline() && atMs > state.offlineSinceMs() ? backOnline(state, cameraId, atMs) : Step.of(state);
  }

  /** The timer asked for by {@link #onStatus} fired. */
  public Step onTimer(State state, String cameraId, long nowMs) {
    if (!state.offline() || state.alerted() || nowMs < state.offlineSinceMs() + alertAfterMs) {
      return Step.of(state);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("state", "offline");
    details.put("reason", state.reason());
    details.put("outageSeconds", (nowMs - state.offlineSinceMs()) / 1000.0);
    Alert alert = Alert.of(cameraId, AlertScene.CAMERA_OFFLINE, null, state.offlineSinceMs(), nowMs, 1.0, details,
        nowMs, java.util.List.of());
    return new Step(new State(state.offlineSinceMs(), state.reason(), true), Optional.of(alert), -1);
  }

  private Step backOnline(State state, String cameraId, long atMs) {
    if (!state.offline() || !state.alerted()) {
      return Step.of(State.ONLINE); // a blip shorter than the alert threshold: nothing to report
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("state", "recovered");
    details.put("offlineSinceMs", state.offlineSinceMs());
    details.put("outageSeconds", (atMs - state.offlineSinceMs()) / 1000.0);
    // The recovery is its own event (it starts when the camera came back), so its id differs
    // from the outage alert's and an idempotent consumer does not drop it as a replay.
    Alert alert = Alert.of(cameraId, AlertScene.CAMERA_OFFLINE, null, atMs, atMs, 1.0, details, atMs,
        java.util.List.of());
    return new Step(State.ONLINE, Optional.of(alert), -1);
  }
}
