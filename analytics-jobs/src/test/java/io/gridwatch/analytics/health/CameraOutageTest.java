package io.gridwatch.analytics.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.analytics.health.CameraOutage.State;
import io.gridwatch.analytics.health.CameraOutage.Step;
import io.gridwatch.contracts.CameraStatus;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import org.junit.jupiter.api.Test;

class CameraOutageTest {

  private static final long T0 = 1_800_000_000_000L;
  private static final long ALERT_AFTER = 30_000;
  private final CameraOutage outage = new CameraOutage(ALERT_AFTER);

  private static CameraStatus down(long at) {
    return new CameraStatus("cam-1", false, at, "stream ended", 3);
  }

  private static CameraStatus up(long at) {
    return new CameraStatus("cam-1", true, at, "frames arriving", 4);
  }

  @Test
  void anOutageLongerThanTheThresholdAlertsOnceWithItsStart() {
    Step s = outage.onStatus(State.ONLINE, down(T0));
    assertThat(s.alert()).isEmpty();
    assertThat(s.timerAtMs()).isEqualTo(T0 + ALERT_AFTER);

    Step fired = outage.onTimer(s.state(), "cam-1", T0 + ALERT_AFTER);
    Alert a = fired.alert().orElseThrow();
    assertThat(a.scene()).isEqualTo(AlertScene.CAMERA_OFFLINE);
    assertThat(a.startMs()).isEqualTo(T0);
    assertThat(a.emittedMs()).isEqualTo(T0 + ALERT_AFTER);
    assertThat(a.details()).containsEntry("reason", "stream ended").containsEntry("state", "offline");

    assertThat(outage.onTimer(fired.state(), "cam-1", T0 + 2 * ALERT_AFTER).alert()).isEmpty();
    assertThat(outage.onStatus(fired.state(), down(T0 + 40_000)).alert()).isEmpty();
  }

  @Test
  void aBlipShorterThanTheThresholdRaisesNothing() {
    Step s = outage.onStatus(State.ONLINE, down(T0));
    Step back = outage.onStatus(s.state(), up(T0 + 5_000));
    assertThat(back.alert()).isEmpty();
    assertThat(back.state()).isEqualTo(State.ONLINE);
    assertThat(outage.onTimer(back.state(), "cam-1", T0 + ALERT_AFTER).alert()).isEmpty();
  }

  @Test
  void aFrameCapturedBeforeTheOutageBeganDoesNotEndIt() {
    Step s = outage.onStatus(State.ONLINE, down(T0));
    Step late = outage.onFrame(s.state(), "cam-1", T0 - 40);
    assertThat(late.state()).isEqualTo(s.state());
    assertThat(outage.onTimer(late.state(), "cam-1", T0 + ALERT_AFTER).alert()).isPresent();
    assertThat(outage.onFrame(s.state(), "cam-1", T0 + 1_000).state()).isEqualTo(State.ONLINE);
  }

  @Test
  void theCameraReturningAfterAnAlertRaisesARecoveryWithItsOwnId() {
    Step s = outage.onStatus(State.ONLINE, down(T0));
    Step fired = outage.onTimer(s.state(), "cam-1", T0 + ALERT_AFTER);
    Step back = outage.onStatus(fired.state(), up(T0 + 95_000));
    Alert recovery = back.alert().orElseThrow();
    assertThat(recovery.details()).containsEntry("state", "recovered").containsEntry("outageSeconds", 95.0);
    assertThat(recovery.alertId()).isNotEqualTo(fired.alert().orElseThrow().alertId());
    assertThat(back.state()).isEqualTo(State.ONLINE);
  }

  @Test
  void aFrameAlsoEndsAnOutage() {
    Step s = outage.onStatus(State.ONLINE, down(T0));
    Step fired = outage.onTimer(s.state(), "cam-1", T0 + ALERT_AFTER);
    assertThat(outage.onFrame(fired.state(), "cam-1", T0 + 60_000).alert()).isPresent();
  }

  @Test
  void repeatedOfflineReportsKeepTheFirstStart() {
    Step s = outage.onStatus(State.ONLINE, down(T0));
    Step again = outage.onStatus(s.state(), down(T0 + 10_000));
    assertThat(again.state().offlineSinceMs()).isEqualTo(T0);
    assertThat(again.timerAtMs()).isEqualTo(-1);
  }
}
