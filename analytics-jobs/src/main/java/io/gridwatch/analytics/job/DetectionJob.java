package io.gridwatch.analytics.job;

import io.gridwatch.analytics.evidence.EvidenceStore;
import io.gridwatch.ingest.source.CameraEvent;
import io.gridwatch.contracts.alert.Alert;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The detection job: camera frames, keyed by camera, through each camera's scene detector, to
 * an alert sink; connection changes become camera-offline alerts. It receives its source and sink, so tests pass a bounded source and a
 * collecting sink while {@code gridwatch demo} passes the cameras and Kafka.
 */
public final class DetectionJob {

  /** Topic every alert goes to, keyed by camera id. */
  public static final String ALERTS_TOPIC = "gridwatch.alerts";

  private final Source<CameraEvent, ?, ?> source;
  private final Sink<Alert> sink;
  private final EvidenceStore evidence;
  private final java.time.Duration quietStateTtl;

  /**
   * @param source   camera events: each camera's setup (scene, limits), status changes, frames
   * @param sink     where alerts go
   * @param evidence where snapshots go, or null
   */
  public DetectionJob(Source<CameraEvent, ?, ?> source, Sink<Alert> sink, EvidenceStore evidence) {
    this(source, sink, evidence, CameraAnalyticsFunction.DEFAULT_QUIET_STATE_TTL);
  }

  /**
   * @param quietStateTtl how long a camera may send no frame before its detector state is dropped
   *                      (at least a minute; {@link CameraAnalyticsFunction#DEFAULT_QUIET_STATE_TTL})
   */
  public DetectionJob(Source<CameraEvent, ?, ?> source, Sink<Alert> sink, EvidenceStore evidence,
      java.time.Duration quietStateTtl) {
    this.source = Objects.requireNonNull(source, "source is required but not provided");
    this.sink = Objects.requireNonNull(sink, "sink is required but not provided");
    this.evidence = evidence;
    this.quietStateTtl = Objects.requireNonNull(quietStateTtl, "quietStateTtl is required but not provided");
  }

  /** Adds the job's operators to {@code env}; the uids keep savepoints valid across refactors. */
  public DataStream<Alert> build(StreamExecutionEnvironment env) {
    DataStream<Alert> alerts = env
        .fromSource(source, WatermarkStrategy.noWatermarks(), "cameras")
        .uid("camera-source")
        .keyBy(CameraEvent::cameraId)
        .process(new CameraAnalyticsFunction(evidence, quietStateTtl))
        .name("camera analytics")
        .uid("camera-analytics");
    alerts.sinkTo(sink).name("alerts").uid("alerts-sink");
    return alerts;
  }

  /**
   * Alerts to Kafka as JSON, keyed by camera id. At-least-once: alert ids are deterministic and
   * the incident service is idempotent, so alerts need not wait for a checkpoint to commit.
   */
  public static Sink<Alert> kafkaSink(String bootstrapServers, String topic) {
    return KafkaSink.<Alert>builder()
        .setBootstrapServers(bootstrapServers)
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(KafkaRecordSerializationSchema.<Alert>builder()
            .setTopic(topic)
            .setKeySerializationSchema(new AlertSerialization.CameraKey())
            .setValueSerializationSchema(new AlertSerialization.Value())
            .build())
        .build();
  }
}
