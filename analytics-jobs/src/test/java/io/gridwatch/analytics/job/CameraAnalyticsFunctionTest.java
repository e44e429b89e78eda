package io.gridwatch.analytics.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.CameraStatus;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.ingest.source.CameraEvent;
import io.gridwatch.ingest.source.CameraSetup;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The keyed function around the outage rules, in Flink's operator test harness. */
class CameraAnalyticsFunctionTest {

  private static final long T0 = 1_800_000_000_000L;
  private static final long OFFLINE_AFTER_MS = 30_000;

  private KeyedOneInputStreamOperatorTestHarness<String, CameraEvent, Alert> harness;

  @BeforeEach
  void open() throws Exception {
    // No scenes: this test is about connection health, which needs none.
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new CameraAnalyticsFunction(null),
        CameraEvent::cameraId, Types.STRING);
    harness.setProcessingTime(T0);
    setUp();
  }

  /** The camera's setup, as the source sends it ahead of anything else: no scene, 30 s limit. */
  private void setUp() throws Exception {
    harness.processElement(new StreamRecord<>(CameraEvent.of(new CameraSetup("cam-1", null, OFFLINE_AFTER_MS, false)), T0));
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void status(boolean online, long at) throws Exception {
    harness.processElement(new StreamRecord<>(CameraEvent.of(new CameraStatus("cam-1", online, at, "test", 0)), at));
  }

  private List<Alert> alerts() {
    return harness.extractOutputValues();
  }

  @Test
  void anOutageRaisesOneCameraOfflineAlertWhenItsTimerFires() throws Exception {
    status(false, T0);
    assertThat(alerts()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

    harness.setProcessingTime(T0 + OFFLINE_AFTER_MS);
    assertThat(alerts()).singleElement().satisfies(a -> {
      assertThat(a.scene()).isEqualTo(AlertScene.CAMERA_OFFLINE);
      assertThat(a.cameraId()).isEqualTo("cam-1");
      assertThat(a.startMs()).isEqualTo(T0);
    });
    harness.setProcessingTime(T0 + 10 * OFFLINE_AFTER_MS);
    assertThat(alerts()).hasSize(1);
  }

  @Test
  void recoveryAlertsAndLeavesNoStateBehind() throws Exception {
    status(false, T0);
    harness.setProcessingTime(T0 + OFFLINE_AFTER_MS);
    status(true, T0 + 50_000);

    assertThat(alerts()).hasSize(2);
    assertThat(alerts().get(1).details()).containsEntry("state", "recovered");
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void aShortBlipRaisesNothingAndLeavesNoState() throws Exception {
    status(false, T0);
    status(true, T0 + 3_000);
    harness.setProcessingTime(T0 + 5 * OFFLINE_AFTER_MS);
    assertThat(alerts()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void aCameraRemovedFromTheSiteLeavesNoStateAndNoAlert() throws Exception {
    status(false, T0);
    harness.processElement(new StreamRecord<>(CameraEvent.of(CameraSetup.removed("cam-1")), T0 + 1_000));
    assertThat(harness.numKeyedStateEntries()).isZero();
    harness.setProcessingTime(T0 + 5 * OFFLINE_AFTER_MS);
    assertThat(alerts()).isEmpty();
  }

  @Test
  void framesOfACameraWithoutSceneAreIgnoredWithoutState() throws Exception {
    Frame f = new Frame("cam-1", 0, 0, T0, 2, 2, true, new byte[12]);
    harness.processElement(new StreamRecord<>(CameraEvent.of(f), T0));
    assertThat(alerts()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void anOutageSurvivesARestartFromSnapshotAndStillAlertsOnce() throws Exception {
    status(false, T0);
    var snapshot = harness.snapshot(1, T0 + 1_000);
    harness.close();

    harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
        new CameraAnalyticsFunction(null)),
        CameraEvent::cameraId, Types.STRING);
    harness.setup();
    harness.initializeState(snapshot);
    harness.open();
    setUp();
    harness.setProcessingTime(T0 + OFFLINE_AFTER_MS);
    assertThat(alerts()).singleElement().extracting(Alert::startMs).isEqualTo(T0);
  }
}
