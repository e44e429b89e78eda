package io.gridwatch.alerts.feedback;

import static io.gridwatch.alerts.TestData.alert;
import static io.gridwatch.alerts.TestData.site;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwatch.alerts.IncidentService;
import io.gridwatch.alerts.IncidentServiceConfig;
import io.gridwatch.alerts.consume.AlertConsumerSettings;
import io.gridwatch.alerts.consume.TestKafkaBroker;
import io.gridwatch.alerts.lifecycle.IncidentCommand;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.incident.Incident;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verdicts reach {@code gridwatch.feedback} on a real (in-JVM KRaft) broker. */
class FeedbackITCase {

  private static final String FEEDBACK = IncidentServiceConfig.DEFAULT_FEEDBACK_TOPIC;

  @TempDir
  static Path kafkaDir;

  static TestKafkaBroker broker;

  @TempDir
  Path dataDir;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = TestKafkaBroker.start(kafkaDir);
    broker.createTopics(AlertConsumerSettings.DEFAULT_TOPIC, AlertConsumerSettings.DEFAULT_DEAD_LETTER_TOPIC, FEEDBACK);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  private Incident verify(IncidentService service, String camera, boolean confirmed, String note) {
    long now = System.currentTimeMillis();
    Incident i = service.ingestor().apply(alert(camera, AlertScene.STREET_OCCUPATION, "shop-3", now - 60_000), now)
        .incident();
    service.desk().apply(i.incidentId(), new IncidentCommand.Dispatch("chen", now, "w-1", ""));
    service.desk().apply(i.incidentId(), new IncidentCommand.Accept("w-1", now, ""));
    return service.desk().apply(i.incidentId(),
        new IncidentCommand.Verify("w-1", now, confirmed, note, List.of("/api/incidents/x/photos/p.jpg")));
  }

  @Test
  void everyVerdictIsPublishedWithAlertEvidenceAndVerdictAndSurvivesARestartBeforeSending() throws Exception {
    IncidentServiceConfig config = new IncidentServiceConfig(dataDir, broker.bootstrapServers(), null, 0, null, site());
    Incident falseAlarm;
    Incident confirmed;
    // Without Kafka the verdict waits in the store's outbox...
    try (IncidentService offline = IncidentService.start(IncidentServiceConfig.of(dataDir, null, 0).withSite(site()))) {
      falseAlarm = verify(offline, "cam-1", false, "a parked tricycle");
    }
    // ...and goes out once the service runs with Kafka again.
    try (IncidentService service = IncidentService.start(config)) {
      confirmed = verify(service, "cam-2", true, "stalls on the sidewalk");
      List<JsonNode> messages = readFeedback(2, Duration.ofSeconds(30));

      JsonNode fa = messages.stream().filter(m -> m.get("incidentId").asText().equals(falseAlarm.incidentId()))
          .findFirst().orElseThrow();
      assertThat(fa.get("schemaVersion").asInt()).isEqualTo(1);
      assertThat(fa.get("verdict").asText()).isEqualTo("false-alarm");
      assertThat(fa.get("note").asText()).isEqualTo("a parked tricycle");
      assertThat(fa.get("verifiedBy").asText()).isEqualTo("w-1");
      assertThat(fa.at("/alert/cameraId").asText()).isEqualTo("cam-1");
      assertThat(fa.at("/alert/scene").asText()).isEqualTo("street-occupation");
      assertThat(fa.at("/alert/zone").asText()).isEqualTo("shop-3");
      assertThat(fa.at("/alert/alertIds/0").asText()).isEqualTo(falseAlarm.alertIds().get(0));
      assertThat(fa.at("/alert/details/coverage").asDouble()).isEqualTo(0.4);
      assertThat(fa.at("/evidence/0").asText()).isEqualTo(falseAlarm.evidence().get(0));
      assertThat(fa.at("/photos/0").asText()).isEqualTo("/api/incidents/x/photos/p.jpg");

      JsonNode ok = messages.stream().filter(m -> m.get("incidentId").asText().equals(confirmed.incidentId()))
          .findFirst().orElseThrow();
      assertThat(ok.get("verdict").asText()).isEqualTo("confirmed");
      long until = System.nanoTime() + 10_000_000_000L;
      while (!service.store().outbox(10).isEmpty() && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      assertThat(service.store().outbox(10)).as("outbox emptied once acknowledged").isEmpty();
      var health = new io.gridwatch.alerts.api.ApiClient(service.port()).get(null, "/api/health").json();
      assertThat(health.at("/components/feedback/details/published").asLong()).isEqualTo(2);
    }
  }

  private List<JsonNode> readFeedback(int expected, Duration timeout) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> found = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition p = new TopicPartition(FEEDBACK, 0);
      consumer.assign(List.of(p));
      consumer.seekToBeginning(List.of(p));
      long until = System.nanoTime() + timeout.toNanos();
      while (found.size() < expected && System.nanoTime() < until) {
        for (var r : consumer.poll(Duration.ofMillis(500))) {
          assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(json.readTree(r.value()).get("incidentId").asText());
          found.add(json.readTree(r.value()));
        }
      }
    }
    assertThat(found).hasSize(expected);
    return found;
  }
}
