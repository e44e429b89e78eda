package io.gridwatch.contracts.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which decoded frames go on to the detector, and what it costs (see docs/configuration.md).
 *
 * <pre>
 * sampling: {mode: full}                          # every frame (throwing: fast objects)
 * sampling: {mode: every, everySeconds: 5}        # one frame every N seconds (slow scenes)
 * sampling: {mode: keyframes}                     # key frames only; the rest is not even decoded
 * sampling: {mode: motion, minChangedShare: 0.01, everySeconds: 10}
 *                                                 # frames that differ from the last one sent,
 *                                                 # and at least one every everySeconds
 * </pre>
 *
 * @param mode            full, every, keyframes or motion
 * @param everySeconds    {@code every}: the interval (required); {@code keyframes}: at most one
 *                        frame per interval (optional); {@code motion}: a frame at least this
 *                        often even without motion, so background models keep learning (default
 *                        10); 0.04..3600
 * @param minChangedShare {@code motion} only: share of a small thumbnail's pixels that must have
 *                        changed for a frame to pass, 0..1 (default 0.005)
 */
public record SamplingConfig(Mode mode, Double everySeconds, Double minChangedShare) implements java.io.Serializable {

  public static final double DEFAULT_MOTION_HEARTBEAT_SECONDS = 10;
  public static final double DEFAULT_MIN_CHANGED_SHARE = 0.005;

  public SamplingConfig {
    ConfigViolation.required(mode, "mode");
    switch (mode) {
      case FULL -> ConfigViolation.check(everySeconds == null, "everySeconds", "does not apply to mode 'full'");
      case EVERY -> ConfigViolation.required(everySeconds, "everySeconds");
      case KEYFRAMES -> { }
      case MOTION -> {
        if (everySeconds == null) {
          everySeconds = DEFAULT_MOTION_HEARTBEAT_SECONDS;
        }
        if (minChangedShare == null) {
          minChangedShare = DEFAULT_MIN_CHANGED_SHARE;
        }
        ConfigViolation.check(minChangedShare > 0 && minChangedShare <= 1, "minChangedShare",
            "must be within 0..1 (exclusive of 0), got " + minChangedShare);
      }
    }
    if (mode != Mode.MOTION) {
      ConfigViolation.check(minChangedShare == null, "minChangedShare", "only applies to mode 'motion'");
    }
    if (everySeconds != null) {
      ConfigViolation.check(everySeconds >= 0.04 && everySeconds <= 3600, "everySeconds",
          "must be within 0.04..3600 seconds, got " + everySeconds);
    }
  }

  public static SamplingConfig full() {
    return new SamplingConfig(Mode.FULL, null, null);
  }

  public static SamplingConfig every(double seconds) {
    return new SamplingConfig(Mode.EVERY, seconds, null);
  }

  public static SamplingConfig keyframes() {
    return new SamplingConfig(Mode.KEYFRAMES, null, null);
  }

  public static SamplingConfig motion(double minChangedShare, double heartbeatSeconds) {
    return new SamplingConfig(Mode.MOTION, heartbeatSeconds, minChangedShare);
  }

  /**
   * The default for a scene kind: full rate for throwing, sparse for the slow scenes. Street
   * occupation takes the key frame at or after each 5 s mark, so the frames in between are not
   * decoded at all: at 1080p that is about 30 times cheaper than decoding every frame to keep one
   * in five seconds, and goods stand for minutes.
   */
  public static SamplingConfig defaultFor(SceneKind kind) {
    return switch (kind) {
      case THROWING -> full();
      case STREET_OCCUPATION -> new SamplingConfig(Mode.KEYFRAMES, 5.0, null);
      case RIVER -> every(1);
    };
  }

  /**
   * Media time between two sampled frames in ms: the interval of {@code every}, the optional cap
   * of {@code keyframes}, the heartbeat of {@code motion}; 0 when there is none.
   */
  public long intervalMs() {
    return everySeconds == null ? 0 : Math.round(everySeconds * 1000);
  }

  /** Whether frames other than key frames can be skipped before decoding. */
  public boolean keyFramesOnly() {
    return mode == Mode.KEYFRAMES;
  }

  public enum Mode {
    FULL("full"),
    EVERY("every"),
    KEYFRAMES("keyframes"),
    MOTION("motion");

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
      throw new ConfigViolation("", "unknown sampling mode '" + name + "'; expected full, every, keyframes or motion");
    }
  }
}
