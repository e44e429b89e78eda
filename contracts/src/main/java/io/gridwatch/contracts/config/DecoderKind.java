package io.gridwatch.contracts.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which decoder back-end reads a camera. */
public enum DecoderKind {
  /** JavaCV over FFmpeg: the default. */
  FFMPEG("ffmpeg"),
  /** GStreamer through gst1-java-core. */
  GSTREAMER("gstreamer");

  private final String wireName;

  DecoderKind(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static DecoderKind fromWireName(String name) {
    for (DecoderKind k : values()) {
      if (k.wireName.equals(name)) {
        return k;
      }
    }
    throw new ConfigViolation("", "unknown decoder '" + name + "'; expected ffmpeg or gstreamer");
  }
}
