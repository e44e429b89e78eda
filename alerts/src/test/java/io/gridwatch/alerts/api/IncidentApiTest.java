package io.gridwatch.alerts.api;

import static io.gridwatch.alerts.TestData.MINUTE;
import static io.gridwatch.alerts.TestData.NOW;
import static io.gridwatch.alerts.TestData.incident;
import static io.gridwatch.alerts.TestData.withGridCell;
import static io.gridwatch.alerts.TestData.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwatch.alerts.store.IncidentStore;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.incident.Incident;
import io.gridwatch.contracts.incident.IncidentStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;

  IncidentStore store;
  IncidentApi api;
  int port;
  volatile boolean consumerUp = true;

  @BeforeEach
  void start() throws Exception {
    store = IncidentStore.open(dir.resolve("incidents"));
    Supplier<ComponentHealth> consumer = () -> new ComponentHealth(consumerUp, Map.of("received", 7));
    var desk = new io.gridwatch.alerts.desk.IncidentDesk(store,
        new io.gridwatch.alerts.lifecycle.IncidentLifecycle(io.gridwatch.alerts.lifecycle.TimeLimits.defaults()));
    api = new IncidentApi(store, desk, ApiClient.USERS, io.gridwatch.alerts.lifecycle.TimeLimits.defaults(), 0,
        dir.resolve("photos"), java.time.Clock.systemUTC(), Map.of("consumer", consumer));
    port = api.start();
    client = new ApiClient(port);
    token = client.login("chen");
  }

  ApiClient client;
  String token;

  @AfterEach
  void stop() {
    api.stop();
    store.close();
  }

  @Test
  void startReturnsTheBoundPort() {
    assertThat(port).isPositive();
    assertThat(api.port()).isEqualTo(port);
  }

  @Test
  void listsIncidentsNewestFirst() throws Exception {
    Incident old = put(incident("cam-1", AlertScene.THROWING, null, NOW));
    Incident newest = put(incident("cam-1", AlertScene.THROWING, null, NOW + 2 * MINUTE));
    Incident middle = put(incident("cam-2", AlertScene.RIVER_DEBRIS, null, NOW + MINUTE));

    Response r = get("/api/incidents");

    assertThat(r.status).isEqualTo(200);
    assertThat(r.json.get("total").asLong()).isEqualTo(3);
    assertThat(r.json.get("offset").asInt()).isZero();
    assertThat(r.json.get("limit").asInt()).isEqualTo(50);
    assertThat(ids(r.json.get("items"))).containsExactly(newest.incidentId(), middle.incidentId(), old.incidentId());
  }

  @Test
  void itemsHaveTheIncidentContractShape() throws Exception {
    Incident incident = put(incident("cam-1", AlertScene.STREET_OCCUPATION, "shop-3", NOW));

    JsonNode item = get("/api/incidents").json.get("items").get(0);

    assertThat(item.get("scene").asText()).isEqualTo("street-occupation");
    assertThat(item.get("status").asText()).isEqualTo("REPORTED");
    assertThat(item.get("alertCount").asInt()).isEqualTo(1);
    assertThat(item.get("alertIds").get(0).asText()).isEqualTo(incident.alertIds().get(0));
    assertThat(item.get("zone").asText()).isEqualTo("shop-3");
  }

  @Test
  void pagesWithOffsetAndLimit() throws Exception {
    List<Incident> all = new ArrayList<>();
    for (int n = 0; n < 5; n++) {
      all.add(put(incident("cam-1", AlertScene.THROWING, null, NOW + n * MINUTE)));
    }

    Response r = get("/api/incidents?offset=1&limit=2");

    assertThat(r.json.get("total").asLong()).isEqualTo(5);
    assertThat(r.json.get("offset").asInt()).isEqualTo(1);
    assertThat(r.json.get("limit").asInt()).isEqualTo(2);
    assertThat(ids(r.json.get("items"))).containsExactly(all.get(3).incidentId(), all.get(2).incidentId());
  }

  @Test
  void filtersByStatusCameraGridCellAndScene() throws Exception {
    Incident throwing = put(incident("cam-1", AlertScene.THROWING, null, NOW));
    Incident resolved = put(withStatus(incident("cam-1", AlertScene.STREET_OCCUPATION, "shop-3", NOW + MINUTE),
        IncidentStatus.RESOLVED));
    Incident otherCell = put(withGridCell(incident("cam-2", AlertScene.STREET_OCCUPATION, "shop-1", NOW + 2 * MINUTE),
        "g-02"));

    assertThat(ids(get("/api/incidents?status=RESOLVED").json.get("items"))).containsExactly(resolved.incidentId());
    assertThat(ids(get("/api/incidents?status=resolved").json.get("items"))).containsExactly(resolved.incidentId());
    assertThat(ids(get("/api/incidents?cameraId=cam-1").json.get("items")))
        .containsExactly(resolved.incidentId(), throwing.incidentId());
    assertThat(ids(get("/api/incidents?gridCellId=g-02").json.get("items"))).containsExactly(otherCell.incidentId());
    Response streets = get("/api/incidents?scene=street-occupation&limit=1");
    assertThat(streets.json.get("total").asLong()).isEqualTo(2);
    assertThat(ids(streets.json.get("items"))).containsExactly(otherCell.incidentId());
    assertThat(get("/api/incidents?cameraId=cam-2&scene=throwing").json.get("total").asLong()).isZero();
  }

  @Test
  void getsOneIncident() throws Exception {
    Incident incident = put(incident("cam-1", AlertScene.THROWING, null, NOW));

    Response r = get("/api/incidents/" + incident.incidentId());

    assertThat(r.status).isEqualTo(200);
    assertThat(r.json.get("incidentId").asText()).isEqualTo(incident.incidentId());
    assertThat(r.json.get("cameraId").asText()).isEqualTo("cam-1");
    assertThat(r.json.get("createdMs").asLong()).isEqualTo(NOW);
  }

  @Test
  void unknownIncidentIs404() throws Exception {
    Response r = get("/api/incidents/inc-nope");

    assertThat(r.status).isEqualTo(404);
    assertThat(r.json.get("error").asText()).isEqualTo("incident 'inc-nope' not found");
  }

  @Test
  void badLimitIs400() throws Exception {
    for (String limit : List.of("abc", "0", "501", "-3", "1.5")) {
      Response r = get("/api/incidents?limit=" + limit);

      assertThat(r.status).as("limit=%s", limit).isEqualTo(400);
      assertThat(r.json.get("parameter").asText()).isEqualTo("limit");
      assertThat(r.json.get("error").asText()).contains("'limit'").contains("1..500").contains("'" + limit + "'");
    }
    assertThat(get("/api/incidents?limit=500").status).isEqualTo(200);
  }

  @Test
  void badOffsetIs400() throws Exception {
    Response r = get("/api/incidents?offset=-1");

    assertThat(r.status).isEqualTo(400);
    assertThat(r.json.get("parameter").asText()).isEqualTo("offset");
  }

  @Test
  void unknownStatusIs400ListingTheKnownOnes() throws Exception {
    Response r = get("/api/incidents?status=LOST");

    assertThat(r.status).isEqualTo(400);
    assertThat(r.json.get("parameter").asText()).isEqualTo("status");
    assertThat(r.json.get("error").asText()).contains("'LOST'").contains("REPORTED");
  }

  @Test
  void unknownSceneIs400ListingTheKnownOnes() throws Exception {
    Response r = get("/api/incidents?scene=fire");

    assertThat(r.status).isEqualTo(400);
    assertThat(r.json.get("parameter").asText()).isEqualTo("scene");
    assertThat(r.json.get("error").asText()).contains("'fire'").contains("river-debris");
  }

  @Test
  void emptyCameraIdIs400() throws Exception {
    Response r = get("/api/incidents?cameraId=");

    assertThat(r.status).isEqualTo(400);
    assertThat(r.json.get("parameter").asText()).isEqualTo("cameraId");
  }

  @Test
  void healthIsUpWithTheIncidentCountAndComponents() throws Exception {
    put(incident("cam-1", AlertScene.THROWING, null, NOW));

    Response r = get("/api/health");

    assertThat(r.status).isEqualTo(200);
    assertThat(r.json.get("status").asText()).isEqualTo("up");
    assertThat(r.json.get("incidents").asLong()).isEqualTo(1);
    assertThat(r.json.at("/components/consumer/up").asBoolean()).isTrue();
    assertThat(r.json.at("/components/consumer/details/received").asInt()).isEqualTo(7);
  }

  @Test
  void healthIs503WhenAComponentIsDown() throws Exception {
    consumerUp = false;

    Response r = get("/api/health");

    assertThat(r.status).isEqualTo(503);
    assertThat(r.json.get("status").asText()).isEqualTo("down");
  }

  private Incident put(Incident incident) {
    store.put(incident, incident.alertIds());
    return incident;
  }

  private Response get(String path) throws IOException, InterruptedException {
    HttpRequest request = client.request(token, path).GET().build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
    return new Response(response.statusCode(), JSON.readTree(response.body()));
  }

  private static List<String> ids(JsonNode items) {
    List<String> ids = new ArrayList<>();
    items.forEach(i -> ids.add(i.get("incidentId").asText()));
    return ids;
  }

  private record Response(int status, JsonNode json) {}
}
