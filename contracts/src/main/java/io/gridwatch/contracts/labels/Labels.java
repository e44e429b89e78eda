package io.gridwatch.contracts.labels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The labels file of a clip ({@code *.labels.json}): what happens in it and when, for scoring
 * detectors. Written by {@code gridwatch sim} and by hand for real footage; read by {@code
 * gridwatch eval}.
 *
 * @param video      the clip, relative to the labels file
 * @param sceneFile  the camera's scene file, relative to the labels file
 * @param scene      scene kind of the clip ({@code throwing}, {@code street-occupation},
 *                   {@code river})
 * @param durationMs length of the clip
 * @param events     what must be detected
 * @param nuisances  what must not raise an alert
 */
public record Labels(String video, String sceneFile, String scene, long durationMs, List<LabelledEvent> events,
    List<LabelledEvent> nuisances) {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  public Labels {
    Objects.requireNonNull(video, "video is required but not provided");
    Objects.requireNonNull(sceneFile, "sceneFile is required but not provided");
    events = events == null ? List.of() : List.copyOf(events);
    nuisances = nuisances == null ? List.of() : List.copyOf(nuisances);
  }

  /**
   * Reads a labels file.
   *
   * @throws IOException naming the file and what is wrong with it
   */
  public static Labels read(Path file) throws IOException {
    try {
      return JSON.readValue(Files.readString(file), Labels.class);
    } catch (JsonProcessingException e) {
      throw new IOException(file + ":" + (e.getLocation() == null ? 0 : e.getLocation().getLineNr()) + ": "
          + e.getOriginalMessage(), e);
    }
  }

  public void write(Path file) throws IOException {
    Files.writeString(file, JSON.writeValueAsString(this) + "\n");
  }
}
