package io.gridwatch.alerts.api;

import static io.gridwatch.alerts.TestData.alert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.incident.Incident;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentCommandsApiTest {

  /** The first bytes of a JPEG file; enough for the API, which stores photos as they come. */
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, 4};

  @TempDir
  Path dir;

  ApiFixture fx;
  ApiClient http;
  String operator;
  String worker;
  Incident incident;

  @BeforeEach
  void start() throws Exception {
    fx = new ApiFixture(dir);
    http = fx.client;
    operator = http.login("chen");
    worker = http.login("wang");
    incident = fx.open(alert("cam-1", AlertScene.STREET_OCCUPATION, "shop-3", System.currentTimeMillis() - 60_000));
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private String path(String action) {
    return "/api/incidents/" + incident.incidentId() + "/" + action;
  }

  @Test
  void incidentIsCarriedFromReportToCloseThroughTheApiWithEveryStepAudited() throws Exception {
    assertThat(http.post(operator, path("dispatch"), "{\"reason\":\"nearest worker\"}").status()).isEqualTo(200);
    assertThat(http.post(worker, path("accept"), "").json().get("status").asText()).isEqualTo("ACCEPTED");

    ApiClient.Response verified = http.postMultipart(worker, path("verify"),
        Map.of("verdict", "confirmed", "note", "two racks of clothes on the sidewalk"),
        List.<Object[]>of(new Object[] {"photo", "site.jpg", "image/jpeg", JPEG}));
    assertThat(verified.status()).as(verified.body()).isEqualTo(200);
    JsonNode verification = verified.json().get("verification");
    assertThat(verification.get("confirmed").asBoolean()).isTrue();
    assertThat(verification.get("verifiedBy").asText()).isEqualTo("w-1");
    String photoLink = verification.get("photos").get(0).asText();
    ApiClient.Response photo = http.get(operator, photoLink);
    assertThat(photo.status()).isEqualTo(200);
    assertThat(photo.contentType()).isEqualTo("image/jpeg");

    assertThat(http.post(worker, path("handle"), "{}").status()).isEqualTo(200);
    assertThat(http.post(worker, path("resolve"), "{\"note\":\"owner moved the racks\"}").status()).isEqualTo(200);
    JsonNode closed = http.post(operator, path("close"), "").json();
    assertThat(closed.get("status").asText()).isEqualTo("CLOSED");
    assertThat(closed.get("light").asText()).isEqualTo("NONE");

    JsonNode detail = http.get(operator, "/api/incidents/" + incident.incidentId()).json();
    List<String> actions = new ArrayList<>();
    List<String> actors = new ArrayList<>();
    detail.get("audit").forEach(line -> {
      actions.add(line.get("action").asText());
      actors.add(line.get("actor").asText());
    });
    assertThat(actions).containsExactly("report", "dispatch", "accept", "verify", "handle", "resolve", "close");
    assertThat(actors).containsExactly("system", "chen", "w-1", "w-1", "w-1", "w-1", "chen");
    assertThat(detail.get("audit").get(3).get("reason").asText())
        .isEqualTo("confirmed: two racks of clothes on the sidewalk");
    assertThat(detail.get("evidenceLinks").get(0).asText())
        .isEqualTo("/api/incidents/" + incident.incidentId() + "/evidence/0");
  }

  @Test
  void illegalTransitionIs409WithTheLifecyclesReason() throws Exception {
    ApiClient.Response r = http.post(operator, path("close"), "");
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.json().get("error").asText()).isEqualTo("cannot close incident '" + incident.incidentId()
        + "' in status REPORTED: only RESOLVED or VERIFIED_FALSE_ALARM incidents are closed");
  }

  @Test
  void escalateAndReassignAreOperatorCommands() throws Exception {
    JsonNode reassigned = http.post(operator, path("reassign"), "{\"assignee\":\"w-2\",\"reason\":\"w-1 is off sick\"}")
        .json();
    assertThat(reassigned.get("assignee").asText()).isEqualTo("w-2");
    JsonNode escalated = http.post(operator, path("escalate"), "{\"reason\":\"owner refuses\"}").json();
    assertThat(escalated.get("status").asText()).isEqualTo("ESCALATED");
    assertThat(escalated.get("escalation").asText()).isEqualTo("COMMUNITY");
  }

  @Test
  void malformedRequestsAre4xxNamingTheFault() throws Exception {
    ApiClient.Response notJson = http.post(operator, path("dispatch"), "{assignee: w-2");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().get("error").asText()).startsWith("request body is not valid JSON");

    ApiClient.Response typo = http.post(operator, path("reassign"), "{\"assigne\":\"w-2\"}");
    assertThat(typo.status()).isEqualTo(400);
    assertThat(typo.json().get("parameter").asText()).isEqualTo("assigne");
    assertThat(typo.json().get("error").asText()).contains("is not known to 'reassign'").contains("assignee");

    ApiClient.Response noAssignee = http.post(operator, path("reassign"), "{}");
    assertThat(noAssignee.json().get("error").asText()).isEqualTo("field 'assignee' is required: who takes the incident over");

    ApiClient.Response notText = http.post(operator, path("dispatch"), "{\"assignee\": 7}");
    assertThat(notText.status()).isEqualTo(400);
    assertThat(notText.json().get("error").asText()).isEqualTo("field 'assignee' must be text");

    ApiClient.Response array = http.post(operator, path("dispatch"), "[1]");
    assertThat(array.json().get("error").asText()).isEqualTo("request body must be a JSON object");

    ApiClient.Response unknown = http.post(operator, path("explode"), "{}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("error").asText()).startsWith("unknown command 'explode'");

    http.post(operator, path("dispatch"), "");
    http.post(worker, path("accept"), "");
    ApiClient.Response badVerdict = http.post(worker, path("verify"), "{\"verdict\":\"maybe\"}");
    assertThat(badVerdict.json().get("error").asText())
        .isEqualTo("field 'verdict' is '" + "maybe" + "'; expected confirmed or false-alarm");
    ApiClient.Response pdf = http.postMultipart(worker, path("verify"), Map.of("verdict", "confirmed"),
        List.<Object[]>of(new Object[] {"photo", "report.pdf", "application/pdf", new byte[] {1}}));
    assertThat(pdf.status()).isEqualTo(400);
    assertThat(pdf.json().get("error").asText()).contains("expected image/jpeg or image/png");
    // Nothing was applied by the refused requests.
    assertThat(fx.store.get(incident.incidentId()).orElseThrow().status().name()).isEqualTo("ACCEPTED");

    ApiClient.Response missing = http.post(operator, "/api/incidents/inc-nope/dispatch", "");
    assertThat(missing.status()).isEqualTo(404);
  }

  @Test
  void falseAlarmVerdictByJsonIsRecorded() throws Exception {
    http.post(operator, path("dispatch"), "");
    http.post(worker, path("accept"), "");
    JsonNode v = http.post(worker, path("verify"), "{\"verdict\":\"false-alarm\",\"note\":\"a parked tricycle\"}").json();
    assertThat(v.get("status").asText()).isEqualTo("VERIFIED_FALSE_ALARM");
    assertThat(v.at("/verification/note").asText()).isEqualTo("a parked tricycle");
  }
}
