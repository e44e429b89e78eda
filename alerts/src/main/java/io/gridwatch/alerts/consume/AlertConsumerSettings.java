package io.gridwatch.alerts.consume;

import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Where the {@link AlertConsumer} reads and dead-letters.
 *
 * @param bootstrapServers Kafka {@code bootstrap.servers}
 * @param topic            alerts topic (default {@value #DEFAULT_TOPIC})
 * @param deadLetterTopic  where malformed and rejected records go (default: {@code topic + ".dlq"},
 *                         i.e. {@value #DEFAULT_DEAD_LETTER_TOPIC})
 * @param groupId          consumer group (default {@value #DEFAULT_GROUP_ID})
 * @param kafkaProperties  extra client properties for both the consumer and the dead-letter
 *                         producer, e.g. security settings; they win over the defaults, except
 *                         {@code enable.auto.commit}, which stays false
 */
public record AlertConsumerSettings(
    String bootstrapServers,
    String topic,
    String deadLetterTopic,
    String groupId,
    Map<String, String> kafkaProperties) {

  public static final String DEFAULT_TOPIC = "gridwatch.alerts";
  public static final String DEFAULT_DEAD_LETTER_TOPIC = DEFAULT_TOPIC + ".dlq";
  public static final String DEFAULT_GROUP_ID = "gridwatch-incidents";

  public AlertConsumerSettings {
    requireText(bootstrapServers, "bootstrapServers");
    topic = topic == null ? DEFAULT_TOPIC : requireText(topic, "topic");
    deadLetterTopic = deadLetterTopic == null ? topic + ".dlq" : requireText(deadLetterTopic, "deadLetterTopic");
    if (deadLetterTopic.equals(topic)) {
      throw new IllegalArgumentException("deadLetterTopic must differ from topic '" + topic + "'");
    }
    groupId = groupId == null ? DEFAULT_GROUP_ID : requireText(groupId, "groupId");
    kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
  }

  /** Default topics and group on {@code bootstrapServers}. */
  public static AlertConsumerSettings of(String bootstrapServers) {
    return new AlertConsumerSettings(bootstrapServers, null, null, null, null);
  }

  /** Default dead-letter topic and group for {@code topic} on {@code bootstrapServers}. */
  public static AlertConsumerSettings of(String bootstrapServers, String topic) {
    return new AlertConsumerSettings(bootstrapServers, topic, null, null, null);
  }

  Properties consumerProperties() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    // A fresh group starts at the oldest alert: every alert still retained becomes an incident.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Flink's exactly-once Kafka sink writes in transactions; aborted alerts must not count.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.putAll(kafkaProperties);
    // Offsets are committed by hand, after the store has the batch; never automatically.
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return p;
  }

  Properties producerProperties() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.putAll(kafkaProperties);
    return p;
  }

  private static String requireText(String value, String name) {
    if (Objects.requireNonNull(value, name + " is required but not provided").isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
