package io.gridwatch.contracts.incident;

import java.util.List;
import java.util.Objects;

/**
 * What the grid worker found on site.
 *
 * @param confirmed  true when the incident is real, false for a false alarm
 * @param note       what they saw, may be empty
 * @param photos     links of the photos they uploaded, may be empty
 * @param verifiedBy user who verified
 * @param atMs       wall-clock time of the verification
 */
public record Verification(boolean confirmed, String note, List<String> photos, String verifiedBy, long atMs) {

  public Verification {
    note = note == null ? "" : note;
    photos = photos == null ? List.of() : List.copyOf(photos);
    Objects.requireNonNull(verifiedBy, "verifiedBy is required but not provided");
  }

  /** {@code confirmed} or {@code false-alarm}, the verdict's wire name. */
  public String verdict() {
    return confirmed ? "confirmed" : "false-alarm";
  }
}
