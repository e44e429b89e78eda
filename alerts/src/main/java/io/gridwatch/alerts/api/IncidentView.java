package io.gridwatch.alerts.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwatch.contracts.incident.Incident;

/**
 * An incident as the API shows it: the stored record plus its {@code light} at the time of the
 * request and links to its evidence files.
 */
final class IncidentView {

  private IncidentView() {}

  static ObjectNode of(Incident incident, long nowMs, ObjectMapper json) {
    ObjectNode node = json.valueToTree(incident);
    node.put("light", incident.lightAt(nowMs).name());
    ArrayNode links = node.putArray("evidenceLinks");
    for (int n = 0; n < incident.evidence().size(); n++) {
      links.add("/api/incidents/" + incident.incidentId() + "/evidence/" + n);
    }
    return node;
  }
}
