package io.gridwatch.alerts;

import static io.gridwatch.alerts.TestData.NOW;
import static io.gridwatch.alerts.TestData.alert;
import static io.gridwatch.alerts.TestData.site;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwatch.alerts.store.IncidentStoreException;
import io.gridwatch.contracts.incident.Incident;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentServiceTest {

  @TempDir
  Path dir;

  @Test
  void withoutKafkaItServesTheStoredIncidentsAndReusesThemAfterARestart() throws Exception {
    IncidentServiceConfig config = IncidentServiceConfig.of(dir, null, 0).withSite(site()).withDemoUsers(true);
    Incident opened;
    try (IncidentService service = IncidentService.start(config)) {
      assertThat(service.consumer()).isEmpty();
      opened = service.ingestor().apply(alert(NOW), NOW).incident();
    }

    try (IncidentService again = IncidentService.start(config)) {
      var client = new io.gridwatch.alerts.api.ApiClient(again.port());
      var login = client.post(null, "/api/login", "{\"user\":\"operator\",\"password\":\"operator\"}");
      assertThat(login.status()).isEqualTo(200);
      JsonNode incident = client.get(login.json().get("token").asText(), "/api/incidents/" + opened.incidentId()).json();
      assertThat(incident.get("gridCellId").asText()).isEqualTo("g-01");
      assertThat(incident.get("assignee").asText()).isEqualTo("w-1");
      assertThat(getJson(again.port(), "/api/health").get("status").asText()).isEqualTo("up");
    }
  }

  @Test
  void failedStartReleasesTheStore() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      IncidentServiceConfig config = IncidentServiceConfig.of(dir, null, taken.getLocalPort());

      assertThatThrownBy(() -> IncidentService.start(config)).isNotInstanceOf(IncidentStoreException.class);
    }
    // The store's directory lock was released: a second start works.
    try (IncidentService service = IncidentService.start(IncidentServiceConfig.of(dir, null, 0))) {
      assertThat(service.store().count()).isZero();
    }
  }

  @Test
  void configFillsDefaultsAndRefusesNonsense() {
    IncidentServiceConfig config = IncidentServiceConfig.of(dir, "localhost:9092", 8080);

    assertThat(config.alertsTopic()).isEqualTo("gridwatch.alerts");
    assertThat(config.mergeWindow()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.site()).isNull();
    assertThatThrownBy(() -> IncidentServiceConfig.of(dir, "localhost:9092", 70_000)).hasMessageContaining("port");
    assertThatThrownBy(() -> IncidentServiceConfig.of(dir, " ", 0)).hasMessageContaining("bootstrapServers");
    assertThatThrownBy(() -> config.withMergeWindow(Duration.ofSeconds(-1))).hasMessageContaining("mergeWindow");
  }

  private static JsonNode getJson(int port, String path) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(response.body());
  }
}
