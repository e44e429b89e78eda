package io.gridwatch.ingest.decode;

import java.util.regex.Pattern;

/** Keeps camera passwords out of logs, metrics, alerts and API responses. */
public final class StreamUrls {

  private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@]*)@");

  private StreamUrls() {}

  /** {@code rtsp://user:secret@host/x} → {@code rtsp://user:***@host/x}; other strings unchanged. */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    var m = USER_INFO.matcher(url);
    if (!m.find()) {
      return url;
    }
    String userInfo = m.group(2);
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    return m.group(1) + user + (colon < 0 ? "" : ":***") + "@" + url.substring(m.end());
  }

  private static final Pattern ANY_USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^/@\\s:\"']*):[^/@\\s\"']*@");

  /** Redacts the password of every URL inside a free text such as a library's error message. */
  public static String redactAll(String text) {
    return text == null ? null : ANY_USER_INFO.matcher(text).replaceAll("$1:***@");
  }

  /** Whether the source is a live network stream rather than a file. */
  public static boolean isLive(String source) {
    return source.matches("(?i)^(rtsp|rtsps|rtmp|http|https|udp|tcp|srt)://.*");
  }
}
