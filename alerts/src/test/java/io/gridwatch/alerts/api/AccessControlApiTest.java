package io.gridwatch.alerts.api;

import static io.gridwatch.alerts.TestData.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.incident.Incident;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessControlApiTest {

  @TempDir
  Path dir;

  ApiFixture fx;
  ApiClient http;
  Incident inG01;
  Incident inG02;

  @BeforeEach
  void start() {
    fx = new ApiFixture(dir);
    http = fx.client;
    long now = System.currentTimeMillis();
    inG01 = fx.open(alert("cam-1", AlertScene.THROWING, null, now - 60_000));
    inG02 = fx.open(alert("cam-2", AlertScene.THROWING, null, now - 50_000));
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  @Test
  void unauthenticatedCallsAreRefusedExceptHealthAndTheApiDescription() throws Exception {
    String id = inG01.incidentId();
    for (String path : List.of("/api/incidents", "/api/incidents/" + id, "/api/incidents/" + id + "/audit",
        "/api/stats", "/api/stream", "/api/me", "/api/incidents/" + id + "/evidence/0")) {
      ApiClient.Response r = http.get(null, path);
      assertThat(r.status()).as(path).isEqualTo(401);
      assertThat(r.json().get("error").asText()).as(path).startsWith("log in first");
    }
    assertThat(http.post(null, "/api/incidents/" + id + "/dispatch", "").status()).isEqualTo(401);
    assertThat(http.get("made-up-token", "/api/incidents").json().get("error").asText())
        .isEqualTo("token unknown or expired; log in again");
    assertThat(http.get(null, "/api/health").status()).isEqualTo(200);
    assertThat(http.get(null, "/api/openapi.yaml").status()).isEqualTo(200);
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswer() throws Exception {
    ApiClient.Response wrong = http.post(null, "/api/login", "{\"user\":\"chen\",\"password\":\"guess\"}");
    ApiClient.Response nobody = http.post(null, "/api/login", "{\"user\":\"mallory\",\"password\":\"guess\"}");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(nobody.status()).isEqualTo(401);
    assertThat(wrong.body()).isEqualTo(nobody.body());
    assertThat(http.post(null, "/api/login", "{\"user\":\"chen\"}").status()).isEqualTo(400);
  }

  @Test
  void loginAnswerCarriesRoleAndCellsButNoPasswordHash() throws Exception {
    ApiClient.Response r = http.post(null, "/api/login",
        "{\"user\":\"wang\",\"password\":\"" + ApiClient.PASSWORD + "\"}");
    assertThat(r.json().get("role").asText()).isEqualTo("worker");
    assertThat(r.json().get("cells").get(0).asText()).isEqualTo("g-01");
    assertThat(r.body()).doesNotContain("pbkdf2").doesNotContain(ApiClient.PASSWORD);
    String token = r.json().get("token").asText();
    assertThat(http.get(token, "/api/me").body()).doesNotContain("pbkdf2");
    http.post(token, "/api/logout", "");
    assertThat(http.get(token, "/api/me").status()).isEqualTo(401);
  }

  @Test
  void workerCannotReadAnotherCellsIncident() throws Exception {
    String wang = http.login("wang");
    ApiClient.Response list = http.get(wang, "/api/incidents");
    List<String> ids = new ArrayList<>();
    list.json().get("items").forEach(i -> ids.add(i.get("incidentId").asText()));
    assertThat(ids).containsExactly(inG01.incidentId());
    assertThat(list.json().get("total").asLong()).isEqualTo(1);
    assertThat(http.get(wang, "/api/incidents?gridCellId=g-02").json().get("total").asLong()).isZero();

    ApiClient.Response other = http.get(wang, "/api/incidents/" + inG02.incidentId());
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.json().get("error").asText()).isEqualTo("incident '" + inG02.incidentId() + "' not found");
    assertThat(http.get(wang, "/api/incidents/" + inG02.incidentId() + "/audit").status()).isEqualTo(404);
    assertThat(http.get(wang, "/api/incidents/" + inG01.incidentId()).status()).isEqualTo(200);
    assertThat(http.get(wang, "/api/stats").json().get("total").asLong()).isEqualTo(1);
  }

  @Test
  void workerCannotActOnAnotherCellsIncident() throws Exception {
    String chen = http.login("chen");
    http.post(chen, "/api/incidents/" + inG02.incidentId() + "/dispatch", "{\"assignee\":\"w-2\"}");
    String wang = http.login("wang");

    ApiClient.Response r = http.post(wang, "/api/incidents/" + inG02.incidentId() + "/accept", "");
    assertThat(r.status()).isEqualTo(404);
    assertThat(fx.store.get(inG02.incidentId()).orElseThrow().status().name()).isEqualTo("DISPATCHED");
    // The worker of g-02 may.
    assertThat(http.post(http.login("liu"), "/api/incidents/" + inG02.incidentId() + "/accept", "").status())
        .isEqualTo(200);
  }

  @Test
  void workerGivesOnlyWorkerCommands() throws Exception {
    String wang = http.login("wang");
    for (String action : List.of("dispatch", "close", "escalate", "reassign")) {
      ApiClient.Response r = http.post(wang, "/api/incidents/" + inG01.incidentId() + "/" + action, "");
      assertThat(r.status()).as(action).isEqualTo(403);
      assertThat(r.json().get("error").asText()).as(action)
          .isEqualTo("role worker may not " + action + " incidents; a grid worker may accept, verify, handle and resolve");
    }
  }

  @Test
  void engineerReadsIncidentsAndStatisticsButGivesNoCommand() throws Exception {
    String zhou = http.login("zhou");
    assertThat(http.get(zhou, "/api/incidents").json().get("total").asLong()).isEqualTo(2);
    assertThat(http.get(zhou, "/api/incidents/" + inG02.incidentId()).status()).isEqualTo(200);
    assertThat(http.get(zhou, "/api/stats").status()).isEqualTo(200);
    ApiClient.Response r = http.post(zhou, "/api/incidents/" + inG01.incidentId() + "/dispatch", "");
    assertThat(r.status()).isEqualTo(403);
    assertThat(fx.store.get(inG01.incidentId()).orElseThrow().status().name()).isEqualTo("REPORTED");
  }

  @Test
  void adminGivesEveryCommand() throws Exception {
    String root = http.login("root");
    assertThat(http.post(root, "/api/incidents/" + inG01.incidentId() + "/dispatch", "").status()).isEqualTo(200);
    assertThat(http.post(root, "/api/incidents/" + inG01.incidentId() + "/accept", "").status()).isEqualTo(200);
  }
}
