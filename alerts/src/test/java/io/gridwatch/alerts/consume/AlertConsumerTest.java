package io.gridwatch.alerts.consume;

import static io.gridwatch.alerts.TestData.MINUTE;
import static io.gridwatch.alerts.TestData.NOW;
import static io.gridwatch.alerts.TestData.alert;
import static io.gridwatch.alerts.TestData.site;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.alerts.ingest.IncidentIngestor;
import io.gridwatch.alerts.ingest.IncidentRouter;
import io.gridwatch.alerts.store.IncidentStore;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consumer loop against Kafka's own MockConsumer and MockProducer (no broker) and a real
 * store. Records are fed through poll tasks, i.e. on the consumer thread, as a broker would.
 */
class AlertConsumerTest {

  private static final String TOPIC = "gridwatch.alerts";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  IncidentStore store;
  MockConsumer<byte[], byte[]> kafka;
  MockProducer<byte[], byte[]> deadLetters;
  AlertConsumer consumer;

  @BeforeEach
  void setUp() {
    store = IncidentStore.open(dir);
    kafka = new MockConsumer<>("earliest");
    deadLetters = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    consumer = new AlertConsumer(AlertConsumerSettings.of("unused:9092"),
        new IncidentIngestor(store, new IncidentRouter(site())), store, kafka, deadLetters,
        Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    kafka.schedulePollTask(() -> {
      kafka.rebalance(List.of(TP));
      kafka.updateBeginningOffsets(Map.of(TP, 0L));
    });
  }

  @AfterEach
  void tearDown() {
    consumer.close();
    store.close();
  }

  @Test
  void alertsBecomeIncidentsAndOffsetsAreCommittedAfterwards() {
    Alert first = alert(NOW - 5 * MINUTE);
    Alert second = alert(NOW - 4 * MINUTE);
    Alert other = alert("cam-2", first.scene(), "shop-1", NOW - 4 * MINUTE);
    feed(record(0, AlertCodec.toBytes(first)), record(1, AlertCodec.toBytes(second)),
        record(2, AlertCodec.toBytes(other)));

    consumer.start();

    await(() -> committedOffset() == 3);
    assertThat(store.count()).isEqualTo(2);
    assertThat(store.incidentForAlert(second.alertId())).isEqualTo(store.incidentForAlert(first.alertId()));
    assertThat(consumer.stats()).isEqualTo(new AlertConsumerStats(3, 2, 1, 0, 0, 0, 1));
    assertThat(deadLetters.history()).isEmpty();
  }

  @Test
  void malformedRecordIsDeadLetteredWithAReasonAndTheLoopGoesOn() {
    Alert good = alert(NOW - 5 * MINUTE);
    byte[] garbage = "{\"alertId\": \"al-1\", \"cameraId\": ".getBytes(StandardCharsets.UTF_8);
    feed(record(0, garbage), record(1, null), record(2, AlertCodec.toBytes(good)));

    consumer.start();

    await(() -> committedOffset() == 3);
    assertThat(store.incidentForAlert(good.alertId())).isPresent();
    assertThat(consumer.stats().deadLettered()).isEqualTo(2);
    List<ProducerRecord<byte[], byte[]>> sent = deadLetters.history();
    assertThat(sent).hasSize(2);
    assertThat(sent).allSatisfy(r -> assertThat(r.topic()).isEqualTo("gridwatch.alerts.dlq"));
    assertThat(sent.get(0).value()).isEqualTo(garbage);
    assertThat(sent.get(0).key()).isEqualTo("cam-1".getBytes(StandardCharsets.UTF_8));
    assertThat(header(sent.get(0), AlertConsumer.REASON_HEADER)).startsWith("malformed alert");
    assertThat(header(sent.get(0), AlertConsumer.SOURCE_OFFSET_HEADER)).isEqualTo("0");
    assertThat(header(sent.get(0), AlertConsumer.SOURCE_TOPIC_HEADER)).isEqualTo(TOPIC);
    assertThat(header(sent.get(1), AlertConsumer.REASON_HEADER)).contains("empty message");
    assertThat(consumer.isRunning()).isTrue();
  }

  @Test
  void rejectedAlertIsDeadLetteredNamingIt() {
    String odd = AlertCodec.toJson(alert(NOW - MINUTE)).replaceFirst("\"al-[0-9a-f]+\"", "\"weird-id\"");
    feed(record(0, odd.getBytes(StandardCharsets.UTF_8)));

    consumer.start();

    await(() -> committedOffset() == 1);
    assertThat(header(deadLetters.history().get(0), AlertConsumer.REASON_HEADER)).contains("'weird-id'");
    assertThat(store.count()).isZero();
  }

  @Test
  void redeliveredAlertChangesNothing() {
    Alert alert = alert(NOW - MINUTE);
    feed(record(0, AlertCodec.toBytes(alert)), record(1, AlertCodec.toBytes(alert)));

    consumer.start();

    await(() -> committedOffset() == 2);
    assertThat(store.count()).isEqualTo(1);
    assertThat(consumer.stats().duplicates()).isEqualTo(1);
  }

  @Test
  void deadLetterFailureRetriesTheBatchWithoutCommitting() {
    deadLetters.sendException = new KafkaException("dead-letter broker unreachable");
    Alert good = alert(NOW - MINUTE);
    ConsumerRecord<byte[], byte[]>[] batch = batch(
        record(0, AlertCodec.toBytes(good)), record(1, "not json".getBytes(StandardCharsets.UTF_8)));
    feed(batch);

    consumer.start();

    await(() -> consumer.stats().retries() >= 1);
    assertThat(kafka.position(TP)).isZero(); // rewound to the batch's first record
    assertThat(committedOffset()).isEqualTo(-1);
    assertThat(store.incidentForAlert(good.alertId())).isPresent(); // written, will be a duplicate on retry

    deadLetters.sendException = null;
    feed(batch); // what the broker redelivers after the seek (MockConsumer forgets polled records)

    await(() -> committedOffset() == 2);
    assertThat(deadLetters.history()).hasSize(1);
    assertThat(store.count()).isEqualTo(1);
    assertThat(consumer.stats().duplicates()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void storeFailureIsNeverCommittedNorDeadLettered() {
    store.close();
    feed(record(0, AlertCodec.toBytes(alert(NOW - MINUTE))));

    consumer.start();

    await(() -> consumer.stats().retries() >= 1);
    assertThat(committedOffset()).isEqualTo(-1);
    assertThat(deadLetters.history()).isEmpty();
    assertThat(consumer.isRunning()).isTrue();
  }

  @Test
  void closeStopsTheThreadAndClosesTheClients() {
    consumer.start();
    await(() -> !kafka.assignment().isEmpty());

    consumer.close();

    assertThat(consumer.isRunning()).isFalse();
    assertThat(consumer.failure()).isEmpty();
    assertThat(kafka.closed()).isTrue();
    assertThat(deadLetters.closed()).isTrue();
    consumer.close(); // idempotent
  }

  @Test
  void unexpectedPollFailureStopsTheLoopAndIsReported() {
    kafka.setPollException(new KafkaException("authorization failed for topic " + TOPIC));

    consumer.start();

    await(() -> !consumer.isRunning());
    assertThat(consumer.failure()).get().asString().contains("authorization failed");
    assertThat(kafka.closed()).isTrue();
  }

  @SafeVarargs
  private static ConsumerRecord<byte[], byte[]>[] batch(ConsumerRecord<byte[], byte[]>... records) {
    return records;
  }

  @SafeVarargs
  private void feed(ConsumerRecord<byte[], byte[]>... records) {
    kafka.schedulePollTask(() -> {
      for (ConsumerRecord<byte[], byte[]> r : records) {
        kafka.addRecord(r);
      }
    });
  }

  private static ConsumerRecord<byte[], byte[]> record(long offset, byte[] value) {
    return new ConsumerRecord<>(TOPIC, 0, offset, "cam-1".getBytes(StandardCharsets.UTF_8), value);
  }

  private long committedOffset() {
    OffsetAndMetadata committed = kafka.committed(Set.of(TP)).get(TP);
    return committed == null ? -1 : committed.offset();
  }

  private static String header(ProducerRecord<byte[], byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + WAIT);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
