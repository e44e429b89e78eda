package io.gridwatch.alerts.consume;

import static io.gridwatch.alerts.TestData.MINUTE;
import static io.gridwatch.alerts.TestData.NOW;
import static io.gridwatch.alerts.TestData.alert;
import static io.gridwatch.alerts.TestData.site;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.alerts.IncidentService;
import io.gridwatch.alerts.IncidentServiceConfig;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole service against a real (in-JVM, single-node KRaft) Kafka broker. */
class AlertConsumerITCase {

  private static final String TOPIC = AlertConsumerSettings.DEFAULT_TOPIC;
  private static final String DLQ = AlertConsumerSettings.DEFAULT_DEAD_LETTER_TOPIC;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  static Path kafkaDir;

  static TestKafkaBroker broker;

  @TempDir
  Path dataDir;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = TestKafkaBroker.start(kafkaDir);
    broker.createTopics(TOPIC, DLQ);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void alertsBecomeIncidentsMalformedOnesAreDeadLetteredAndARestartResumesAfterTheCommit() throws Exception {
    Alert first = alert(NOW - 5 * MINUTE);
    Alert second = alert(NOW - 4 * MINUTE);
    Alert other = alert("cam-2", first.scene(), "shop-1", NOW - 4 * MINUTE);
    IncidentServiceConfig config = new IncidentServiceConfig(dataDir, broker.bootstrapServers(), TOPIC, 0, null, site());

    try (IncidentService service = IncidentService.start(config)) {
      send(AlertCodec.toBytes(first), "{not an alert".getBytes(StandardCharsets.UTF_8),
          AlertCodec.toBytes(second), AlertCodec.toBytes(other));

      AlertConsumer consumer = service.consumer().orElseThrow();
      await(() -> committedOffset() == 4);
      assertThat(service.store().count()).isEqualTo(2);
      assertThat(consumer.stats()).isEqualTo(new AlertConsumerStats(4, 2, 1, 0, 1, 0, consumer.stats().committed()));
    }

    List<ConsumerRecord<byte[], byte[]>> dead = readAll(DLQ, 1);
    assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not an alert");
    assertThat(new String(dead.get(0).headers().lastHeader(AlertConsumer.REASON_HEADER).value(), StandardCharsets.UTF_8))
        .startsWith("malformed alert");

    try (IncidentService restarted = IncidentService.start(config)) {
      send(AlertCodec.toBytes(first)); // a detector replay

      AlertConsumer consumer = restarted.consumer().orElseThrow();
      await(() -> committedOffset() == 5);
      assertThat(consumer.stats().received()).isEqualTo(1); // the committed four are not read again
      assertThat(consumer.stats().duplicates()).isEqualTo(1);
      assertThat(restarted.store().count()).isEqualTo(2);
    }
  }

  private static void send(byte[]... values) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[] v : values) {
        producer.send(new ProducerRecord<>(TOPIC, v)).get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static long committedOffset() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin
          .listConsumerGroupOffsets(AlertConsumerSettings.DEFAULT_GROUP_ID)
          .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      OffsetAndMetadata o = offsets.get(new TopicPartition(TOPIC, 0));
      return o == null ? -1 : o.offset();
    } catch (Exception e) {
      return -1;
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    assertThat(out).hasSize(expected);
    return out;
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + WAIT);
      }
      Thread.sleep(100);
    }
  }
}
