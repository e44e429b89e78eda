package io.gridwatch.alerts.feedback;

import io.gridwatch.alerts.store.IncidentStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the store's outbox (verification feedback) to Kafka, on its own thread: reads the oldest
 * messages, sends them, waits for the acknowledgements, then deletes them from the outbox. A crash
 * between send and delete sends a message again (at least once; consumers key on incident id).
 * While Kafka is unreachable the messages wait in the store, with a back-off of 1 s doubling to
 * 30 s.
 */
public final class FeedbackPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FeedbackPublisher.class);
  private static final int BATCH = 200;
  private static final long IDLE_MS = 100;
  private static final long MAX_BACKOFF_MS = 30_000;

  private final IncidentStore store;
  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final AtomicLong published = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile String lastError;

  public FeedbackPublisher(IncidentStore store, String bootstrapServers, String topic) {
    this(store, new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.CLIENT_ID_CONFIG, "gridwatch-feedback"),
        new ByteArraySerializer(), new ByteArraySerializer()), topic);
  }

  FeedbackPublisher(IncidentStore store, Producer<byte[], byte[]> producer, String topic) {
    this.store = Objects.requireNonNull(store, "store");
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.thread = new Thread(this::run, "gridwatch-feedback");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Messages acknowledged by Kafka since start. */
  public long published() {
    return published.get();
  }

  /** The last send failure, or null when the last attempt worked. */
  public String lastError() {
    return lastError;
  }

  public String topic() {
    return topic;
  }

  private void run() {
    long backoff = 1_000;
    while (running) {
      try {
        List<IncidentStore.OutboxMessage> batch = store.outbox(BATCH);
        if (batch.isEmpty()) {
          Thread.sleep(IDLE_MS);
          continue;
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (IncidentStore.OutboxMessage m : batch) {
          sends.add(producer.send(new ProducerRecord<>(topic, keyOf(m.message()), m.message())));
        }
        for (Future<RecordMetadata> f : sends) {
          f.get(60, TimeUnit.SECONDS);
        }
        store.removeFromOutbox(batch);
        published.addAndGet(batch.size());
        lastError = null;
        backoff = 1_000;
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (!running) {
          return;
        }
        lastError = e.toString();
        LOG.warn("Feedback to {}: send failed, retrying in {} ms: {}", topic, backoff, e.toString());
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          return;
        }
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
    }
  }

  /** The incident id inside the message, so that one incident's verdicts share a partition. */
  private static byte[] keyOf(byte[] message) {
    String json = new String(message, StandardCharsets.UTF_8);
    int at = json.indexOf("\"incidentId\":\"");
    if (at < 0) {
      return null;
    }
    int start = at + 14;
    int end = json.indexOf('"', start);
    return end < 0 ? null : json.substring(start, end).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
