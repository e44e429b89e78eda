package io.gridwatch.alerts.api;

import static io.gridwatch.alerts.TestData.alert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.incident.Incident;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveStreamApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  ApiFixture fx;

  @BeforeEach
  void start() {
    fx = new ApiFixture(dir);
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  /** Subscribes and returns a queue of the {@code data:} payloads of {@code incident} events. */
  private BlockingQueue<JsonNode> subscribe(String token, boolean inQuery) throws Exception {
    BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    var request = inQuery
        ? fx.client.request(null, "/api/stream?access_token=" + token).header("Accept", "text/event-stream").timeout(Duration.ofMinutes(1)).GET().build()
        : fx.client.request(token, "/api/stream").header("Accept", "text/event-stream").timeout(Duration.ofMinutes(1)).GET().build();
    HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
      try (Stream<String> lines = response.body()) {
        String[] event = {null};
        lines.forEach(line -> {
          if (line.startsWith(":")) {
            comments.add(line);
          } else if (line.startsWith("event:")) {
            event[0] = line.substring(6).trim();
          } else if (line.startsWith("data:") && "incident".equals(event[0])) {
            try {
              events.add(JSON.readTree(line.substring(5).trim()));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        });
      }
    });
    assertThat(comments.poll(10, TimeUnit.SECONDS)).as("subscription confirmed").isNotNull();
    return events;
  }

  @Test
  void changesReachSubscribersWithTheirAuditLine() throws Exception {
    BlockingQueue<JsonNode> events = subscribe(fx.client.login("chen"), false);
    Incident opened = fx.open(alert("cam-1", AlertScene.THROWING, null, System.currentTimeMillis()));

    JsonNode event = events.poll(10, TimeUnit.SECONDS);
    assertThat(event).isNotNull();
    assertThat(event.at("/incident/incidentId").asText()).isEqualTo(opened.incidentId());
    assertThat(event.at("/incident/light").asText()).isEqualTo("GREEN");
    assertThat(event.at("/audit/action").asText()).isEqualTo("report");

    fx.client.post(fx.client.login("chen"), "/api/incidents/" + opened.incidentId() + "/dispatch", "");
    JsonNode dispatched = events.poll(10, TimeUnit.SECONDS);
    assertThat(dispatched.at("/incident/status").asText()).isEqualTo("DISPATCHED");
    assertThat(dispatched.at("/audit/actor").asText()).isEqualTo("chen");
  }

  @Test
  void workerStreamCarriesOnlyTheirCells() throws Exception {
    BlockingQueue<JsonNode> wang = subscribe(fx.client.login("wang"), true);
    BlockingQueue<JsonNode> chen = subscribe(fx.client.login("chen"), true);
    long now = System.currentTimeMillis();
    Incident other = fx.open(alert("cam-2", AlertScene.THROWING, null, now));
    Incident own = fx.open(alert("cam-1", AlertScene.THROWING, null, now));

    assertThat(chen.poll(10, TimeUnit.SECONDS).at("/incident/incidentId").asText()).isEqualTo(other.incidentId());
    assertThat(chen.poll(10, TimeUnit.SECONDS).at("/incident/incidentId").asText()).isEqualTo(own.incidentId());
    // Events go out in store order, so g-01's being first means g-02's was withheld.
    assertThat(wang.poll(10, TimeUnit.SECONDS).at("/incident/incidentId").asText()).isEqualTo(own.incidentId());
    assertThat(wang.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }
}
