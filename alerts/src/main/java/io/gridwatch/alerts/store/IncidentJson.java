package io.gridwatch.alerts.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gridwatch.contracts.incident.Incident;
import java.io.IOException;

/**
 * The JSON form of an {@link Incident}: what the store keeps on disk and what the API serves. One
 * mapper for both, so the REST output is exactly the stored record.
 */
public final class IncidentJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      // A newer build may have added fields; an older one reading the same data dir keeps the rest.
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private IncidentJson() {}

  /** A fresh copy of the mapper, safe for the caller to configure further. */
  public static ObjectMapper newMapper() {
    return MAPPER.copy();
  }

  static byte[] toBytes(Incident incident) {
    try {
      return MAPPER.writeValueAsBytes(incident);
    } catch (IOException e) {
      throw new IllegalArgumentException("incident '" + incident.incidentId() + "' cannot be written as JSON", e);
    }
  }

  static Incident fromBytes(byte[] json) throws IOException {
    return MAPPER.readValue(json, Incident.class);
  }
}
