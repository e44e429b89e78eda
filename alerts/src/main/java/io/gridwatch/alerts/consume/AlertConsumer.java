package io.gridwatch.alerts.consume;

import io.gridwatch.alerts.ingest.IncidentIngestor;
import io.gridwatch.alerts.ingest.IngestOutcome;
import io.gridwatch.alerts.ingest.RejectedAlertException;
import io.gridwatch.alerts.store.IncidentStore;
import io.gridwatch.alerts.store.IncidentStoreException;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertCodec;
import io.gridwatch.contracts.alert.AlertCodec.MalformedAlertException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads alerts from Kafka into the incident store, on its own thread.
 *
 * <p>Per polled batch: every record is decoded ({@link AlertCodec#fromBytes}) and applied by the
 * {@link IncidentIngestor}. A record that cannot be decoded or is rejected goes, unchanged and with
 * a {@value #REASON_HEADER} header, to the dead-letter topic and the loop goes on. Then the store
 * is synced, the dead-letter sends are confirmed, and only then are the offsets committed
 * ({@code commitSync}): an alert is never acknowledged before its incident is on disk. Delivery is
 * at least once; the ingestor makes redelivered alerts harmless.
 *
 * <p>When the store or the dead-letter topic fails, the batch is rewound to its first offsets and
 * retried after a back-off (1 s doubling to 30 s), so that a full disk delays incidents rather than
 * losing alerts. A retried batch may dead-letter a record twice.
 */
public final class AlertConsumer implements AutoCloseable {

  /** Header naming why a record was dead-lettered. */
  public static final String REASON_HEADER = "reason";
  /** Headers locating the original record, for replays from the dead-letter topic. */
  public static final String SOURCE_TOPIC_HEADER = "source.topic";
  public static final String SOURCE_PARTITION_HEADER = "source.partition";
  public static final String SOURCE_OFFSET_HEADER = "source.offset";

  private static final Logger LOG = LoggerFactory.getLogger(AlertConsumer.class);
  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CLIENT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private static final long FIRST_BACKOFF_MS = 1_000;
  private static final long MAX_BACKOFF_MS = 30_000;
  private static final int MAX_REASON_CHARS = 500;

  private final AlertConsumerSettings settings;
  private final IncidentIngestor ingestor;
  private final IncidentStore store;
  private final Consumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> producer;
  private final Clock clock;
  private final CountDownLatch closeSignal = new CountDownLatch(1);

  private final AtomicLong received = new AtomicLong();
  private final AtomicLong opened = new AtomicLong();
  private final AtomicLong merged = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong committed = new AtomicLong();

  private volatile boolean closing;
  private volatile boolean running;
  private volatile Throwable failure;
  private Thread thread;
  private boolean closed;

  /**
   * A consumer on the settings' Kafka cluster. Nothing connects before {@link #start()}.
   *
   * @param settings topics, group and cluster
   * @param ingestor applies each alert
   * @param store    the ingestor's store; synced before offsets are committed
   */
  public AlertConsumer(AlertConsumerSettings settings, IncidentIngestor ingestor, IncidentStore store) {
    this(settings, ingestor, store, new KafkaConsumer<>(settings.consumerProperties()),
        new KafkaProducer<>(settings.producerProperties()), Clock.systemUTC());
  }

  /** With given Kafka clients (tests use Kafka's MockConsumer and MockProducer); takes them over. */
  AlertConsumer(AlertConsumerSettings settings, IncidentIngestor ingestor, IncidentStore store,
      Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.ingestor = Objects.requireNonNull(ingestor, "ingestor");
    this.store = Objects.requireNonNull(store, "store");
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.producer = Objects.requireNonNull(producer, "producer");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Starts the consumer thread. */
  public synchronized void start() {
    if (thread != null || closed) {
      throw new IllegalStateException("alert consumer on topic '" + settings.topic() + "' was started or closed already");
    }
    running = true;
    thread = new Thread(this::run, "gridwatch-alert-consumer");
    thread.start();
  }

  /** Whether the consumer thread is alive (started, not closed, not stopped by a failure). */
  public boolean isRunning() {
    return running;
  }

  /** What stopped the consumer thread unexpectedly, if anything did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  public AlertConsumerSettings settings() {
    return settings;
  }

  public AlertConsumerStats stats() {
    return new AlertConsumerStats(received.get(), opened.get(), merged.get(), duplicates.get(),
        deadLettered.get(), retries.get(), committed.get());
  }

  /**
   * Stops polling, lets the thread finish (an interrupted batch is not committed and will be
   * redelivered) and closes the Kafka clients. Idempotent.
   */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      closing = true;
      t = thread;
    }
    closeSignal.countDown();
    if (t == null) {
      closeClients();
      return;
    }
    // The only thread-safe KafkaConsumer method: makes a blocked poll or commit throw WakeupException.
    consumer.wakeup();
    try {
      t.join(CLOSE_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) {
      LOG.warn("Alert consumer on topic {} did not stop within {} s", settings.topic(), CLOSE_TIMEOUT.toSeconds());
    }
  }

  private void run() {
    LOG.info("Alert consumer started: topic {}, group {}, dead letters to {}",
        settings.topic(), settings.groupId(), settings.deadLetterTopic());
    long backoffMs = FIRST_BACKOFF_MS;
    try {
      consumer.subscribe(List.of(settings.topic()));
      while (!closing) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
        if (records.isEmpty()) {
          continue;
        }
        if (processBatch(records)) {
          backoffMs = FIRST_BACKOFF_MS;
        } else {
          closeSignal.await(backoffMs, TimeUnit.MILLISECONDS);
          backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        }
      }
    } catch (WakeupException e) {
      if (!closing) {
        failure = e;
        LOG.error("Alert consumer on topic {} woken up unexpectedly; stopped", settings.topic(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      failure = e;
      LOG.error("Alert consumer on topic {} stopped: {}", settings.topic(), e.toString(), e);
    } finally {
      running = false;
      closeClients();
      LOG.info("Alert consumer on topic {} stopped; {}", settings.topic(), stats());
    }
  }

  /**
   * Ingests one batch and commits it.
   *
   * @return false when the batch was rewound for a retry
   */
  private boolean processBatch(ConsumerRecords<byte[], byte[]> records) {
    Map<TopicPartition, Long> firstOffsets = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> nextOffsets = new HashMap<>();
    List<Future<RecordMetadata>> deadLetterSends = new ArrayList<>();
    ConsumerRecord<byte[], byte[]> current = null;
    try {
      for (ConsumerRecord<byte[], byte[]> record : records) {
        current = record;
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        firstOffsets.putIfAbsent(tp, record.offset());
        nextOffsets.put(tp, new OffsetAndMetadata(record.offset() + 1));
        handle(record, deadLetterSends);
      }
      current = null;
      store.sync();
      awaitDeadLetters(deadLetterSends);
    } catch (IncidentStoreException | DeadLetterException e) {
      String where = current == null ? "batch" : "record " + locate(current);
      LOG.error("Alert consumer: {} failed, retrying the batch from offsets {}: {}",
          where, firstOffsets, e.getMessage(), e);
      firstOffsets.forEach(consumer::seek);
      retries.incrementAndGet();
      return false;
    }
    commit(nextOffsets);
    return true;
  }

  private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    try {
      consumer.commitSync(offsets);
      committed.incrementAndGet();
    } catch (CommitFailedException | RetriableException e) {
      // The store already has these alerts; whoever reads them next finds them ingested.
      LOG.warn("Alert consumer: cannot commit offsets {} (will be redelivered): {}", offsets, e.getMessage());
    }
  }

  private void handle(ConsumerRecord<byte[], byte[]> record, List<Future<RecordMetadata>> deadLetterSends) {
    received.incrementAndGet();
    Alert alert;
    try {
      alert = AlertCodec.fromBytes(record.value());
    } catch (MalformedAlertException e) {
      deadLetter(record, e.getMessage(), deadLetterSends);
      return;
    } catch (RuntimeException e) {
      deadLetter(record, "malformed alert: " + e, deadLetterSends);
      return;
    }
    try {
      IngestOutcome outcome = ingestor.apply(alert, clock.millis());
      count(outcome);
      LOG.debug("Alert {} at {}: {} incident {}", alert.alertId(), locate(record), outcome.action(),
          outcome.incident().incidentId());
    } catch (RejectedAlertException e) {
      deadLetter(record, e.getMessage(), deadLetterSends);
    } catch (IncidentStoreException e) {
      throw e;
    } catch (RuntimeException e) {
      // A bug or an alert we did not foresee: park it rather than block the partition forever.
      LOG.error("Alert {} at {} cannot be ingested", alert.alertId(), locate(record), e);
      deadLetter(record, "cannot ingest alert '" + alert.alertId() + "': " + e, deadLetterSends);
    }
  }

  private void count(IngestOutcome outcome) {
    switch (outcome.action()) {
      case OPENED -> opened.incrementAndGet();
      case MERGED -> merged.incrementAndGet();
      case DUPLICATE -> duplicates.incrementAndGet();
    }
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason,
      List<Future<RecordMetadata>> sends) {
    String why = reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "..." : reason;
    Headers headers = new RecordHeaders(record.headers().toArray());
    headers.add(REASON_HEADER, utf8(why));
    headers.add(SOURCE_TOPIC_HEADER, utf8(record.topic()));
    headers.add(SOURCE_PARTITION_HEADER, utf8(Integer.toString(record.partition())));
    headers.add(SOURCE_OFFSET_HEADER, utf8(Long.toString(record.offset())));
    try {
      sends.add(producer.send(new ProducerRecord<>(settings.deadLetterTopic(), null, record.key(), record.value(), headers)));
    } catch (RuntimeException e) {
      throw new DeadLetterException("cannot send record " + locate(record) + " to " + settings.deadLetterTopic()
          + ": " + e, e);
    }
    deadLettered.incrementAndGet();
    LOG.warn("Alert record {} dead-lettered to {}: {}", locate(record), settings.deadLetterTopic(), why);
  }

  private void awaitDeadLetters(List<Future<RecordMetadata>> sends) {
    if (sends.isEmpty()) {
      return;
    }
    try {
      producer.flush();
    } catch (RuntimeException e) {
      throw new DeadLetterException("cannot flush sends to " + settings.deadLetterTopic() + ": " + e, e);
    }
    for (Future<RecordMetadata> send : sends) {
      try {
        send.get();
      } catch (ExecutionException e) {
        throw new DeadLetterException("cannot send to " + settings.deadLetterTopic() + ": " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeadLetterException("interrupted while sending to " + settings.deadLetterTopic(), e);
      }
    }
  }

  private void closeClients() {
    try {
      consumer.close(CloseOptions.timeout(CLIENT_CLOSE_TIMEOUT));
    } catch (RuntimeException e) {
      LOG.warn("Alert consumer: closing the Kafka consumer failed: {}", e.toString());
    }
    try {
      producer.close(CLIENT_CLOSE_TIMEOUT);
    } catch (RuntimeException e) {
      LOG.warn("Alert consumer: closing the dead-letter producer failed: {}", e.toString());
    }
  }

  private static String locate(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The dead-letter topic did not take a record; the batch must not be committed. */
  private static final class DeadLetterException extends RuntimeException {
    DeadLetterException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
