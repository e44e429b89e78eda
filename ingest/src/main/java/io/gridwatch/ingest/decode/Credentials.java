package io.gridwatch.ingest.decode;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Puts a camera's password into its stream URL at the last moment, in memory only. The password
 * comes from an environment variable or a file; it is never stored in a split, a checkpoint or
 * a log line.
 */
public final class Credentials {

  private Credentials() {}

  /**
   * The URL to open.
   *
   * @throws IOException naming the variable or file (never the password) when it cannot be read
   */
  public static String apply(String cameraId, String url, String passwordEnv, String passwordFile,
      Map<String, String> env) throws IOException {
    String password;
    if (passwordEnv != null) {
      password = env.get(passwordEnv);
      if (password == null) {
        throw new IOException("camera " + cameraId + ": environment variable " + passwordEnv + " is not set");
      }
    } else if (passwordFile != null) {
      try {
        password = Files.readString(Path.of(passwordFile)).strip();
      } catch (IOException e) {
        throw new IOException("camera " + cameraId + ": cannot read password file " + passwordFile, e);
      }
    } else {
      return url;
    }
    int scheme = url.indexOf("://");
    int at = url.indexOf('@', scheme + 3);
    int slash = url.indexOf('/', scheme + 3);
    if (scheme < 0 || at < 0 || (slash >= 0 && at > slash)) {
      throw new IOException("camera " + cameraId + ": a password is configured but the URL "
          + StreamUrls.redact(url) + " names no user (expected scheme://user@host/...)");
    }
    String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20");
    return url.substring(0, at) + ":" + encoded + url.substring(at);
  }
}
