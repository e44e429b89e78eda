package io.gridwatch.contracts.labels;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.gridwatch.contracts.alert.AlertScene;
import java.util.Objects;

/**
 * Something in a clip that should raise an alert (an event) or must not (a nuisance).
 *
 * @param scene        the alert scene it belongs to (for a nuisance: the scene it must not
 *                     trigger)
 * @param startMs      media time it begins
 * @param endMs        media time it ends (throwing: when the object lands or leaves the frame)
 * @param zone         zone id, or null for scenes without zones
 * @param originFloor  throwing: floor the object came from (1 = bottom), else null
 * @param originColumn throwing: window column it came from (1 = left), else null
 * @param kind         what it is, e.g. {@code bottle}, {@code stall}, {@code bird-gliding}
 * @param priority     {@code normal}, or {@code low} for events reported with low confidence
 *                     (a falling tissue)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LabelledEvent(AlertScene scene, long startMs, long endMs, String zone, Integer originFloor,
    Integer originColumn, String kind, String priority) {

  public LabelledEvent {
    Objects.requireNonNull(scene, "scene is required but not provided");
    if (endMs < startMs) {
      throw new IllegalArgumentException("event ends (" + endMs + ") before it starts (" + startMs + ")");
    }
  }
}
