package io.gridwatch.contracts.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a camera's scene watches for; each kind has its own section in the scene file. */
public enum SceneKind {
  THROWING("throwing", "throwing"),
  STREET_OCCUPATION("street-occupation", "streetOccupation"),
  RIVER("river", "river");

  private final String wireName;
  private final String sectionKey;

  SceneKind(String wireName, String sectionKey) {
    this.wireName = wireName;
    this.sectionKey = sectionKey;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** The key of this kind's section in the scene file. */
  public String sectionKey() {
    return sectionKey;
  }

  @JsonCreator
  public static SceneKind fromWireName(String name) {
    for (SceneKind k : values()) {
      if (k.wireName.equals(name)) {
        return k;
      }
    }
    throw new ConfigViolation("", "unknown scene '" + name + "'; expected throwing, street-occupation or river");
  }
}
