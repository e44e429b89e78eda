package io.gridwatch.contracts.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which decoded frames go on to the detector.
 *
 * <pre>
 * sampling: {mode: full}                       # every frame (throwing: fast objects)
 * sampling: {mode: every, everySeconds: 5}     # one frame every N seconds (slow scenes)
 * </pre>
 *
 * @param mode         full or every
 * @param everySeconds interval for {@code every}, 0.04..3600
 */
public record SamplingConfig(Mode mode, Double everySeconds) implements java.io.Serializable {

  public SamplingConfig {
    ConfigViolation.required(mode, "mode");
    if (mode == Mode.EVERY) {
      ConfigViolation.required(everySeconds, "everySeconds");
      ConfigViolation.check(everySeconds >= 0.04 && everySeconds <= 3600, "everySeconds",
          "must be within 0.04..3600 seconds, got " + everySeconds);
    } else {
      ConfigViolation.check(everySeconds == null, "everySeconds", "only applies to mode 'every'");
    }
  }

  public static SamplingConfig full() {
    return new SamplingConfig(Mode.FULL, null);
  }

  public static SamplingConfig every(double seconds) {
    return new SamplingConfig(Mode.EVERY, seconds);
  }

  /** The default for a scene kind: full rate for throwing, sparse for the slow scenes. */
  public static SamplingConfig defaultFor(SceneKind kind) {
    return switch (kind) {
      case THROWING -> full();
      case STREET_OCCUPATION -> every(5);
      case RIVER -> every(1);
    };
  }

  /** Minimum media time between two sampled frames, in ms (0 for full rate). */
  public long intervalMs() {
    return mode == Mode.EVERY ? Math.round(everySeconds * 1000) : 0;
  }

  public enum Mode {
    FULL("full"),
    EVERY("every");

    private final String wireName;

    Mode(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
      return wireName;
    }

    @JsonCreator
    public static Mode fromWireName(String name) {
      for (Mode m : values()) {
        if (m.wireName.equals(name)) {
          return m;
        }
      }
      throw new ConfigViolation("", "unknown sampling mode '" + name + "'; expected full or every");
    }
  }
}
