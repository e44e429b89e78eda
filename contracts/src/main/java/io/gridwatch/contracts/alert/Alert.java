package io.gridwatch.contracts.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a detector saw, as published on {@code gridwatch.alerts} and printed by {@code gridwatch
 * detect}. The JSON field names are a contract (see docs/contracts.md).
 *
 * @param schemaVersion version of this record's JSON shape ({@link #SCHEMA_VERSION})
 * @param alertId       deterministic: the same camera, scene, zone and start give the same id, so
 *                      a replayed alert is recognised downstream
 * @param cameraId      camera that saw it
 * @param scene         kind of alert
 * @param zone          zone id within the scene, or null when the scene has no zones
 * @param startMs       when the event began (media time in {@code detect}, epoch ms when streaming)
 * @param endMs         when the event ended, or the last time it was seen, same clock
 * @param confidence    0..1
 * @param details       scene-specific fields (e.g. originFloor for throwing)
 * @param emittedMs     time of the frame on which the alert was raised, same clock as startMs
 * @param evidence      paths or URLs of snapshots and clips, possibly empty
 */
@JsonPropertyOrder({"schemaVersion", "alertId", "cameraId", "scene", "zone", "startMs", "endMs",
    "confidence", "details", "emittedMs", "evidence"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Alert(
    int schemaVersion,
    String alertId,
    String cameraId,
    AlertScene scene,
    String zone,
    long startMs,
    long endMs,
    double confidence,
    Map<String, Object> details,
    long emittedMs,
    List<String> evidence) {

  /** Version 1: the fields above. Readers accept any version up to this one. */
  public static final int SCHEMA_VERSION = 1;

  public Alert {
    requireText(alertId, "alertId");
    requireText(cameraId, "cameraId");
    Objects.requireNonNull(scene, "scene is required but not provided");
    if (!(confidence >= 0.0 && confidence <= 1.0)) {
      throw new IllegalArgumentException("confidence must be within 0..1, got " + confidence);
    }
    if (endMs < startMs) {
      throw new IllegalArgumentException("endMs (" + endMs + ") is before startMs (" + startMs + ")");
    }
    if (schemaVersion < 1 || schemaVersion > SCHEMA_VERSION) {
      throw new IllegalArgumentException("unsupported alert schemaVersion " + schemaVersion
          + "; this build reads 1.." + SCHEMA_VERSION);
    }
    // Insertion order kept, so the same alert always prints the same JSON.
    details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
  }

  /** A new alert of the current schema whose id is derived from what identifies the event. */
  public static Alert of(String cameraId, AlertScene scene, String zone, long startMs, long endMs,
      double confidence, Map<String, Object> details, long emittedMs, List<String> evidence) {
    return new Alert(SCHEMA_VERSION, idFor(cameraId, scene, zone, startMs), cameraId, scene, zone,
        startMs, endMs, confidence, details, emittedMs, evidence);
  }

  /** Same copy with other evidence (evidence is written after the alert is decided). */
  public Alert withEvidence(List<String> newEvidence) {
    return new Alert(schemaVersion, alertId, cameraId, scene, zone, startMs, endMs, confidence,
        details, emittedMs, newEvidence);
  }

  /**
   * Deterministic alert id: a hash of camera, scene, zone and start time. Two detector runs over
   * the same input, or a replay after a restart, produce the same id.
   */
  public static String idFor(String cameraId, AlertScene scene, String zone, long startMs) {
    String key = cameraId + '\u001f' + scene.wireName() + '\u001f' + (zone == null ? "" : zone)
        + '\u001f' + startMs;
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "al-" + HexFormat.of().formatHex(hash, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required but not provided");
    }
  }
}
