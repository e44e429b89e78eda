package io.gridwatch.analytics.job;

import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertCodec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Kafka record parts of an alert. Named classes rather than lambdas: the Kafka sink inspects the
 * schemas' generic types, which a lambda does not keep.
 */
final class AlertSerialization {

  private AlertSerialization() {}

  /** The alert as JSON (GUIDE contract, see docs/contracts.md). */
  static final class Value implements SerializationSchema<Alert> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(Alert alert) {
      return AlertCodec.toBytes(alert);
    }
  }

  /** The camera id: one camera's alerts stay in order on one partition. */
  static final class CameraKey implements SerializationSchema<Alert> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(Alert alert) {
      return alert.cameraId().getBytes(StandardCharsets.UTF_8);
    }
  }
}
