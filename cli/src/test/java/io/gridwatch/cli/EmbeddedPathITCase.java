package io.gridwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwatch.cli.embedded.EmbeddedRuntime;
import io.gridwatch.ingest.sim.DemoClips;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded path for real: a generated clip played as a camera → Flink (RocksDB backend,
 * checkpointing) → Kafka → incident service → {@code GET /api/incidents}.
 */
class EmbeddedPathITCase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path data;

  @Test
  void clipBecomesAnIncidentServedByTheApiAndSurvivesARestart() throws Exception {
    Path siteDir = Files.createDirectories(data.resolve("site"));
    // The stall comes after the first 5 s, which the street-occupation detector learns the empty
    // street from (what stands there then is part of the street).
    DemoClips.shopFront(siteDir.resolve("shop.mp4"), 7, 30, 8, 30);
    Files.writeString(siteDir.resolve("cam-shop.yaml"), DemoClips.shopFrontScene("cam-shop", "g-01", 5, 1));
    Path site = Files.writeString(siteDir.resolve("site.yaml"), """
        name: Test district
        gridCells:
          - {id: g-01, name: Xinhua Road 1, area: Xinhua Street, supervisor: sup-1}
        cameras:
          - {id: cam-shop, file: shop.mp4, loop: true, scene: cam-shop.yaml, gridCell: g-01}
        workers:
          - {id: w-zhang, name: Zhang Wei, cells: [g-01]}
        """);
    EmbeddedRuntime.Options options = new EmbeddedRuntime.Options(data.resolve("data"), site, 0, 0, 2, 5);

    JsonNode incident;
    try (EmbeddedRuntime runtime = EmbeddedRuntime.start(options, m -> {})) {
      incident = awaitFirstIncident(runtime.apiPort(), Duration.ofSeconds(90));
      assertThat(incident.get("cameraId").asText()).isEqualTo("cam-shop");
      assertThat(incident.get("scene").asText()).isEqualTo("street-occupation");
      assertThat(incident.get("zone").asText()).isEqualTo("shop-front");
      assertThat(incident.get("gridCellId").asText()).isEqualTo("g-01");
      assertThat(incident.get("assignee").asText()).isEqualTo("w-zhang");
      assertThat(incident.get("status").asText()).isEqualTo("REPORTED");
      assertThat(incident.get("alertCount").asInt()).isPositive();
      assertThat(incident.get("alertIds").get(0).asText()).matches("al-[0-9a-f]{20}");
      assertThat(incident.get("lastAlertMs").asLong() - incident.get("firstAlertMs").asLong()).isGreaterThanOrEqualTo(5000);
      assertThat(Path.of(incident.get("evidence").get(0).asText())).isRegularFile();

      JsonNode detail = get(runtime.apiPort(), "/api/incidents/" + incident.get("incidentId").asText());
      assertThat(detail.get("incidentId")).isEqualTo(incident.get("incidentId"));
      assertThat(detail.get("alertIds")).isEqualTo(incident.get("alertIds"));

      // The demo logins carry the incident along its lifecycle.
      String path = "/api/incidents/" + incident.get("incidentId").asText();
      post(runtime.apiPort(), "operator", "operator", path + "/dispatch", "{}");
      post(runtime.apiPort(), "w-zhang", "worker", path + "/accept", "{}");
      JsonNode verified = post(runtime.apiPort(), "w-zhang", "worker", path + "/verify",
          "{\"verdict\":\"confirmed\",\"note\":\"goods on the sidewalk\"}");
      assertThat(verified.get("status").asText()).isEqualTo("VERIFIED_CONFIRMED");
      assertThat(get(runtime.apiPort(), path + "/audit")).hasSize(4);

      assertThatThrownBy(() -> EmbeddedRuntime.start(options, m -> {}))
          .isInstanceOf(EmbeddedRuntime.DataDirInUseException.class)
          .hasMessageContaining("in use by another running GridWatch");
      assertThat(get(runtime.apiPort(), "/api/health").get("status").asText()).isEqualTo("up");
    }
    assertThat(data.resolve("data").resolve("tmp")).doesNotExist();

    try (EmbeddedRuntime again = EmbeddedRuntime.start(options, m -> {})) {
      JsonNode detail = get(again.apiPort(), "/api/incidents/" + incident.get("incidentId").asText());
      assertThat(detail.get("cameraId").asText()).isEqualTo("cam-shop");
    }
  }

  private JsonNode awaitFirstIncident(int port, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode page = get(port, "/api/incidents");
      if (page.get("total").asLong() > 0) {
        return page.get("items").get(0);
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no incident within " + timeout);
  }

  private JsonNode get(int port, String path) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
    if (!path.equals("/api/health")) {
      request.header("Authorization", "Bearer " + token(port, "operator", "operator"));
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private JsonNode post(int port, String user, String password, String path, String body) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", "Bearer " + token(port, user, password)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private final java.util.Map<String, String> tokens = new java.util.HashMap<>();

  /** A demo login's token on the runtime at {@code port}. */
  private String token(int port, String user, String password) throws Exception {
    String key = port + "/" + user;
    if (!tokens.containsKey(key)) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/login"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      tokens.put(key, JSON.readTree(r.body()).get("token").asText());
    }
    return tokens.get(key);
  }
}
