package io.gridwatch.analytics.job;

import io.gridwatch.contracts.CameraStatus;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.config.SceneCodec;
import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.ingest.source.CameraEvent;
import io.gridwatch.ingest.source.CameraSetup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBKeyedStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * {@link CameraAnalyticsFunction} in Flink's keyed operator test harness on the RocksDB state
 * backend, as the job runs it, with a restart from a snapshot: the state taken is restored into a
 * new operator (a new function, new detectors) as after a failure. Processing time is the test's.
 */
public final class AnalyticsHarness implements AutoCloseable {

  /** Processing time at the start (and the frames' wall clock in the scene tests). */
  public static final long T0 = 1_800_000_000_000L;

  private final Duration quietTtl;
  private KeyedOneInputStreamOperatorTestHarness<String, CameraEvent, Alert> harness;
  private final List<Alert> before = new ArrayList<>();
  private long checkpointId;

  private AnalyticsHarness(Duration quietTtl) {
    this.quietTtl = quietTtl;
  }

  /** A started operator with an empty state. */
  public static AnalyticsHarness start(Duration quietTtl) throws Exception {
    AnalyticsHarness h = new AnalyticsHarness(quietTtl);
    h.open(null, T0);
    return h;
  }

  private void open(OperatorSubtaskState restoreFrom, long processingTime) throws Exception {
    harness = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new CameraAnalyticsFunction(null, quietTtl)), CameraEvent::cameraId, Types.STRING);
    harness.setStateBackend(new EmbeddedRocksDBStateBackend());
    harness.setup();
    if (restoreFrom != null) {
      harness.initializeState(restoreFrom);
    }
    harness.open();
    harness.setProcessingTime(processingTime);
  }

  /**
   * Takes a checkpoint, throws the operator away and starts a new one from the checkpoint, at the
   * same processing time. Alerts sent so far stay in {@link #alerts()}.
   */
  public void restartFromCheckpoint() throws Exception {
    long now = harness.getProcessingTime();
    OperatorSubtaskState snapshot = harness.snapshot(++checkpointId, now);
    before.addAll(harness.extractOutputValues());
    harness.close();
    open(snapshot, now);
  }

  /** The camera's setup, as the source sends it when it starts the camera. */
  public void setUp(SceneConfig scene) throws Exception {
    send(CameraEvent.of(new CameraSetup(scene.cameraId(), SceneCodec.toJson(scene), 60_000, false)));
  }

  /** A setup without a scene: the camera is only watched for outages. */
  public void setUpWithoutScene(String cameraId) throws Exception {
    send(CameraEvent.of(new CameraSetup(cameraId, null, 60_000, false)));
  }

  public void remove(String cameraId) throws Exception {
    send(CameraEvent.of(CameraSetup.removed(cameraId)));
  }

  public void status(String cameraId, boolean online) throws Exception {
    send(CameraEvent.of(new CameraStatus(cameraId, online, harness.getProcessingTime(), "test", 0)));
  }

  /** A frame; processing time moves to its wall-clock time when that is later. */
  public void frame(Frame frame) throws Exception {
    if (frame.wallMs() > harness.getProcessingTime()) {
      harness.setProcessingTime(frame.wallMs());
    }
    send(CameraEvent.of(frame));
  }

  private void send(CameraEvent event) throws Exception {
    harness.processElement(new StreamRecord<>(event, harness.getProcessingTime()));
  }

  public void setProcessingTime(long ms) throws Exception {
    harness.setProcessingTime(ms);
  }

  public long processingTime() {
    return harness.getProcessingTime();
  }

  /** Every alert sent, before and after restarts. */
  public List<Alert> alerts() {
    List<Alert> all = new ArrayList<>(before);
    all.addAll(harness.extractOutputValues());
    return all;
  }

  /** Alerts sent since the last restart. */
  public List<Alert> alertsSinceRestart() {
    return harness.extractOutputValues();
  }

  /**
   * Entries in the function's keyed states over all cameras, plus pending processing-time timers.
   * (Counted state by state: after a restore, Flink 2.2.1's RocksDB timer column family was seen
   * to keep the entry of a restored timer after it had fired, which RocksDB's raw entry count
   * would include.)
   */
  public int keyedStateEntries() {
    RocksDBKeyedStateBackend<String> backend =
        (RocksDBKeyedStateBackend<String>) harness.getOperator().<String>getKeyedStateBackend();
    long entries = 0;
    for (String name : CameraAnalyticsFunction.STATE_NAMES) {
      entries += backend.getKeys(name, VoidNamespace.INSTANCE).count();
    }
    return (int) entries + harness.numProcessingTimeTimers();
  }

  /** The camera's {@code detector-state} bytes, or null. */
  public byte[] detectorState(String cameraId) throws Exception {
    return bytesState(cameraId, "detector-state");
  }

  /** The camera's {@code detector-images} bytes, or null. */
  public byte[] detectorImages(String cameraId) throws Exception {
    return bytesState(cameraId, "detector-images");
  }

  private byte[] bytesState(String cameraId, String name) throws Exception {
    harness.getOperator().setCurrentKey(cameraId);
    return harness.getOperator().getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
        new ValueStateDescriptor<>(name, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)).value();
  }

  @Override
  public void close() throws Exception {
    harness.close();
  }
}
