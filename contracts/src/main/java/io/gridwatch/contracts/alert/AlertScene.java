package io.gridwatch.contracts.alert;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds of alert GridWatch raises, with the names they carry on the wire. */
public enum AlertScene {
  THROWING("throwing"),
  STREET_OCCUPATION("street-occupation"),
  RIVER_DEBRIS("river-debris"),
  RIVER_INTRUSION("river-intrusion"),
  WATER_LEVEL("water-level"),
  CAMERA_OFFLINE("camera-offline"),
  CAMERA_TAMPER("camera-tamper");

  private final String wireName;

  AlertScene(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** Whether alerts of this kind concern the equipment rather than the street. */
  public boolean isEquipment() {
    return this == CAMERA_OFFLINE || this == CAMERA_TAMPER;
  }

  @JsonCreator
  public static AlertScene fromWireName(String name) {
    for (AlertScene s : values()) {
      if (s.wireName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown alert scene '" + name + "'; expected one of "
        + Arrays.stream(values()).map(AlertScene::wireName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
