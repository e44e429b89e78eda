package io.gridwatch.contracts.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertCodecTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final long T0_PLUS_30S = T0 + 30_000;

  private static Alert occupationAlert() {
    return Alert.of("cam-002", AlertScene.STREET_OCCUPATION, "shop-12", T0, T0_PLUS_30S, 0.8,
        Map.of("coverage", 0.42), T0_PLUS_30S + 200, List.of("data/evidence/a.jpg"));
  }

  @Test
  void roundTripKeepsEveryField() {
    Alert alert = occupationAlert();
    assertThat(AlertCodec.fromJson(AlertCodec.toJson(alert))).isEqualTo(alert);
  }

  @Test
  void jsonHasTheContractFieldNames() throws Exception {
    JsonNode json = new ObjectMapper().readTree(AlertCodec.toJson(occupationAlert()));
    assertThat(json.fieldNames()).toIterable().containsExactly("schemaVersion", "alertId", "cameraId",
        "scene", "zone", "startMs", "endMs", "confidence", "details", "emittedMs", "evidence");
    assertThat(json.get("scene").asText()).isEqualTo("street-occupation");
    assertThat(json.get("schemaVersion").asInt()).isEqualTo(Alert.SCHEMA_VERSION);
  }

  @Test
  void nullZoneIsWrittenAsNull() throws Exception {
    Alert alert = Alert.of("cam-001", AlertScene.THROWING, null, T0, T0 + 2000, 0.9, Map.of(), T0 + 2100, List.of());
    JsonNode json = new ObjectMapper().readTree(AlertCodec.toJson(alert));
    assertThat(json.has("zone")).isTrue();
    assertThat(json.get("zone").isNull()).isTrue();
  }

  @Test
  void sameEventGivesSameIdAndOtherStartGivesAnother() {
    String id = Alert.idFor("cam-002", AlertScene.STREET_OCCUPATION, "shop-12", T0);
    assertThat(Alert.idFor("cam-002", AlertScene.STREET_OCCUPATION, "shop-12", T0)).isEqualTo(id);
    assertThat(Alert.idFor("cam-002", AlertScene.STREET_OCCUPATION, "shop-12", T0 + 1)).isNotEqualTo(id);
    assertThat(Alert.idFor("cam-002", AlertScene.STREET_OCCUPATION, null, T0)).isNotEqualTo(id);
    assertThat(id).matches("al-[0-9a-f]{20}");
  }

  @Test
  void unknownFieldsFromNewerWritersAreIgnored() {
    String json = AlertCodec.toJson(occupationAlert()).replace("{", "{\"futureField\":1,");
    assertThat(AlertCodec.fromJson(json).alertId()).isEqualTo(occupationAlert().alertId());
  }

  @Test
  void malformedMessagesNameTheProblem() {
    assertThatThrownBy(() -> AlertCodec.fromJson("not json"))
        .isInstanceOf(AlertCodec.MalformedAlertException.class).hasMessageStartingWith("malformed alert:");
    String badScene = AlertCodec.toJson(occupationAlert()).replace("street-occupation", "parking");
    assertThatThrownBy(() -> AlertCodec.fromJson(badScene))
        .isInstanceOf(AlertCodec.MalformedAlertException.class).hasMessageContaining("parking");
    String badConfidence = AlertCodec.toJson(occupationAlert()).replace("0.8", "7.5");
    assertThatThrownBy(() -> AlertCodec.fromJson(badConfidence))
        .isInstanceOf(AlertCodec.MalformedAlertException.class).hasMessageContaining("confidence");
    assertThatThrownBy(() -> AlertCodec.fromBytes(null)).hasMessageContaining("empty");
  }

  @Test
  void futureSchemaVersionIsRefused() {
    String json = AlertCodec.toJson(occupationAlert()).replace("\"schemaVersion\":1", "\"schemaVersion\":99");
    assertThatThrownBy(() -> AlertCodec.fromJson(json)).hasMessageContaining("schemaVersion 99");
  }
}
