package io.gridwatch.contracts.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/**
 * A scene as compact JSON, for carrying it inside a running job (camera splits, checkpoints)
 * where a plain string travels more safely than a graph of records.
 */
public final class SceneCodec {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private SceneCodec() {}

  public static String toJson(SceneConfig scene) {
    try {
      return JSON.writeValueAsString(scene);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("scene of camera " + scene.cameraId() + " cannot be written as JSON", e);
    }
  }

  /** Reads a scene written by {@link #toJson}; the records validate it again. */
  public static SceneConfig fromJson(String json) {
    try {
      return JSON.readValue(json, SceneConfig.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unreadable scene JSON: " + e.getOriginalMessage(), e);
    }
  }
}
