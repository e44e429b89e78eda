package io.gridwatch.alerts;

import static io.gridwatch.alerts.TestData.NOW;
import static io.gridwatch.alerts.TestData.alert;
import static io.gridwatch.alerts.TestData.site;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.alerts.consume.AlertConsumerSettings;
import io.gridwatch.alerts.consume.TestKafkaBroker;
import io.gridwatch.alerts.ingest.IncidentIngestor;
import io.gridwatch.alerts.ingest.IncidentRouter;
import io.gridwatch.alerts.store.IncidentFilter;
import io.gridwatch.alerts.store.IncidentStore;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertCodec;
import io.gridwatch.contracts.alert.AlertScene;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the incident service in the middle of ingesting, twice, then a restart that
 * finishes: the store ends exactly as an uninterrupted run leaves it, with no incident lost and
 * none doubled. The service runs in a child JVM ({@link CrashTarget}) with real RocksDB; the
 * Kafka broker runs in this JVM and outlives the kills.
 */
class CrashRecoveryITCase {

  private static final int ALERTS = 8_000;
  /**
   * Alerts of one zone come 400 s apart, within the 10-minute merge window, so they merge; every
   * 2,000 alerts the clock jumps an hour and each zone opens a new incident: 4 x 400 incidents.
   */
  private static final int ZONES = 400;
  private static final int ROUND = 2_000;

  @TempDir
  static Path kafkaDir;

  static TestKafkaBroker broker;

  @TempDir
  Path dir;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = TestKafkaBroker.start(kafkaDir);
    broker.createTopics(AlertConsumerSettings.DEFAULT_TOPIC, AlertConsumerSettings.DEFAULT_DEAD_LETTER_TOPIC,
        IncidentServiceConfig.DEFAULT_FEEDBACK_TOPIC);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  private static List<Alert> alerts() {
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < ALERTS; i++) {
      int zone = i % ZONES;
      long start = NOW + i * 1_000L + (i / ROUND) * 3_600_000L;
      alerts.add(alert("cam-" + (1 + zone % 3), AlertScene.STREET_OCCUPATION, "z-" + zone, start));
    }
    return alerts;
  }

  @Test
  void killedTwiceMidIngestTheServiceEndsWithExactlyTheIncidentsOfAnUninterruptedRun() throws Exception {
    List<Alert> alerts = alerts();
    Map<String, List<String>> expected = reference(alerts);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (Alert a : alerts) {
        producer.send(new ProducerRecord<>(AlertConsumerSettings.DEFAULT_TOPIC, AlertCodec.toBytes(a)));
      }
      producer.flush();
    }
    Path data = dir.resolve("incidents");

    String lastAlert = alerts.get(ALERTS - 1).alertId();
    assertThat(expected).hasSize(4 * ZONES);
    // Killed once a third, then two thirds of the incidents are in (alerts merging in between),
    // then left to finish.
    long firstKill = runUntil(data, lastAlert, expected.size() / 3, false);
    long secondKill = runUntil(data, lastAlert, 2L * expected.size() / 3, false);
    long last = runUntil(data, lastAlert, expected.size(), true);

    assertThat(firstKill).isLessThan(expected.size());
    assertThat(secondKill).isLessThan(expected.size());
    assertThat(last).isEqualTo(expected.size());
    try (IncidentStore store = IncidentStore.open(data)) {
      assertThat(store.count()).isEqualTo(expected.size());
      Map<String, List<String>> actual = new HashMap<>();
      store.forEach(i -> actual.put(i.incidentId(), i.alertIds()));
      assertThat(actual).isEqualTo(expected);
      for (Alert a : alerts) {
        assertThat(store.incidentForAlert(a.alertId())).as(a.alertId()).isPresent();
      }
      // The indexes agree with the incidents after the kills.
      long cam1 = expected.keySet().stream().filter(id -> store.get(id).orElseThrow().cameraId().equals("cam-1")).count();
      assertThat(store.list(0, 1, IncidentFilter.ALL.withCameraId("cam-1")).total()).isEqualTo(cam1);
    }
  }

  /** Incident id → alert ids, as an uninterrupted in-process run makes them. */
  private Map<String, List<String>> reference(List<Alert> alerts) {
    Map<String, List<String>> incidents = new HashMap<>();
    try (IncidentStore store = IncidentStore.open(dir.resolve("reference"))) {
      IncidentIngestor ingestor = new IncidentIngestor(store, new IncidentRouter(site()));
      for (Alert a : alerts) {
        ingestor.apply(a, NOW);
      }
      store.forEach(i -> incidents.put(i.incidentId(), i.alertIds()));
    }
    return incidents;
  }

  /**
   * Starts the service in a child JVM and kills it (SIGKILL) as soon as it reports at least
   * {@code incidents} stored (and, when {@code finished}, the last alert ingested).
   *
   * @return the last count it reported
   */
  private long runUntil(Path data, String lastAlert, long incidents, boolean finished) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        CrashTarget.class.getName(), data.toString(), broker.bootstrapServers(), lastAlert)
        .redirectErrorStream(true).start();
    AtomicLong count = new AtomicLong(-1);
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      String line;
      while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
        if (line.startsWith("COUNT ")) {
          String[] parts = line.split(" ");
          count.set(Long.parseLong(parts[1]));
          if (count.get() >= incidents && (!finished || Boolean.parseBoolean(parts[2]))) {
            break;
          }
        }
      }
    } finally {
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close, no flush
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(count.get()).as("incidents reported before the kill").isGreaterThanOrEqualTo(incidents);
    return count.get();
  }
}
