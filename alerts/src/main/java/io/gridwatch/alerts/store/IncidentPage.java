package io.gridwatch.alerts.store;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridwatch.contracts.incident.Incident;
import java.util.List;

/**
 * One page of a listing, newest incident first. Serialised as-is by the API:
 * {@code {"total": N, "offset": .., "limit": .., "items": [...]}}.
 *
 * @param total  incidents matching the filter, over all pages
 * @param offset how many matching incidents were skipped before the first item
 * @param limit  the largest number of items asked for
 * @param items  at most {@code limit} incidents, newest first
 */
@JsonPropertyOrder({"total", "offset", "limit", "items"})
public record IncidentPage(long total, int offset, int limit, List<Incident> items) {

  public IncidentPage {
    items = List.copyOf(items);
  }
}
