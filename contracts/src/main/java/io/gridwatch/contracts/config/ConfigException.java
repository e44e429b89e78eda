package io.gridwatch.contracts.config;

import java.nio.file.Path;

/**
 * A configuration file that cannot be used. The message names the file, the line and the key at
 * fault, e.g. {@code site.yaml:14: cameras[2].gridCell: unknown grid cell 'g-99'}.
 */
public class ConfigException extends RuntimeException {

  private final transient Path file;
  private final int line;
  private final String key;

  public ConfigException(Path file, int line, String key, String problem) {
    super(format(file, line, key, problem));
    this.file = file;
    this.line = line;
    this.key = key;
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }

  /** 1-based line, or 0 when the problem concerns the whole file. */
  public int line() {
    return line;
  }

  /** Dotted key path such as {@code streetOccupation.zones[0].dwellSeconds}, or null. */
  public String key() {
    return key;
  }

  private static String format(Path file, int line, String key, String problem) {
    StringBuilder sb = new StringBuilder(String.valueOf(file));
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (key != null && !key.isEmpty()) {
      sb.append(key).append(": ");
    }
    return sb.append(problem).toString();
  }
}
