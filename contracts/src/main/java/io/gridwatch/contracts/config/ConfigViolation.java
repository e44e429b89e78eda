package io.gridwatch.contracts.config;

/**
 * Thrown by a configuration record's constructor when a value is out of bounds. It names the key
 * (relative to the record) so that the reader can point at the exact line of the file.
 */
public final class ConfigViolation extends IllegalArgumentException {

  private final String key;

  public ConfigViolation(String key, String problem) {
    super(problem);
    this.key = key;
  }

  /** Key relative to the record that refused it, e.g. {@code dwellSeconds} or {@code zones[1]}. */
  public String key() {
    return key;
  }

  /** Throws a violation of {@code key} unless {@code condition} holds. */
  public static void check(boolean condition, String key, String problem) {
    if (!condition) {
      throw new ConfigViolation(key, problem);
    }
  }

  /** Requires a value for {@code key}. */
  public static <T> T required(T value, String key) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      throw new ConfigViolation(key, "is required but not provided");
    }
    return value;
  }
}
