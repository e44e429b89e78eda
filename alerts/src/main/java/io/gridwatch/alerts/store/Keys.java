package io.gridwatch.alerts.store;

import io.gridwatch.contracts.alert.AlertScene;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Byte layouts of the store's keys. RocksDB orders keys as unsigned bytes. */
final class Keys {

  private static final int TIME_BYTES = Long.BYTES;

  private Keys() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String string(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /**
   * {@code newest-first(createdMs) ++ incidentId}: a forward scan meets the newest incident first
   * (forward iteration is RocksDB's fast direction), ties broken by incident id.
   */
  static byte[] byCreated(long createdMs, String incidentId) {
    byte[] id = utf8(incidentId);
    return ByteBuffer.allocate(TIME_BYTES + id.length).putLong(newestFirst(createdMs)).put(id).array();
  }

  static String incidentIdOfByCreated(byte[] key) {
    return new String(key, TIME_BYTES, key.length - TIME_BYTES, StandardCharsets.UTF_8);
  }

  /**
   * Prefix shared by every incident of one camera, scene and zone. Each part is length-prefixed so
   * that no choice of ids can make two different triples share a prefix.
   */
  static byte[] zonePrefix(String cameraId, AlertScene scene, String zone) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String part : new String[] {cameraId, scene.wireName(), zone == null ? "" : zone}) {
      byte[] b = utf8(part);
      out.write(b.length >>> 8);
      out.write(b.length);
      out.write(b, 0, b.length);
    }
    return out.toByteArray();
  }

  /** {@code zonePrefix ++ newest-first(createdMs) ++ incidentId}. */
  static byte[] byZone(String cameraId, AlertScene scene, String zone, long createdMs, String incidentId) {
    byte[] prefix = zonePrefix(cameraId, scene, zone);
    byte[] id = utf8(incidentId);
    return ByteBuffer.allocate(prefix.length + TIME_BYTES + id.length)
        .put(prefix).putLong(newestFirst(createdMs)).put(id).array();
  }

  static String incidentIdOfByZone(byte[] key, int prefixLength) {
    int start = prefixLength + TIME_BYTES;
    return new String(key, start, key.length - start, StandardCharsets.UTF_8);
  }

  /**
   * The smallest key greater than every key starting with {@code prefix}, or null when there is
   * none (an empty prefix, or one of 0xFF bytes only).
   */
  static byte[] successor(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    return null;
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** A length-prefixed value: the prefix of one value's entries in a secondary index. */
  static byte[] valuePrefix(String value) {
    byte[] b = utf8(value == null ? "" : value);
    return ByteBuffer.allocate(2 + b.length).putShort((short) b.length).put(b).array();
  }

  /** {@code valuePrefix ++ newest-first(createdMs) ++ incidentId}: one entry of a secondary index. */
  static byte[] indexed(String value, long createdMs, String incidentId) {
    byte[] prefix = valuePrefix(value);
    byte[] id = utf8(incidentId);
    return ByteBuffer.allocate(prefix.length + TIME_BYTES + id.length)
        .put(prefix).putLong(newestFirst(createdMs)).put(id).array();
  }

  /** {@code incidentId ++ 0x00 ++ seq}: one audit line; an incident's lines are adjacent, in order. */
  static byte[] audit(String incidentId, long seq) {
    byte[] id = utf8(incidentId);
    return ByteBuffer.allocate(id.length + 1 + Long.BYTES).put(id).put((byte) 0).putLong(seq).array();
  }

  static byte[] auditPrefix(String incidentId) {
    byte[] id = utf8(incidentId);
    return ByteBuffer.allocate(id.length + 1).put(id).put((byte) 0).array();
  }

  /** {@code dueMs ++ incidentId}, oldest due first (times are positive, so signed order is fine). */
  static byte[] deadline(long dueMs, String incidentId) {
    byte[] id = utf8(incidentId);
    return ByteBuffer.allocate(TIME_BYTES + id.length).putLong(dueMs).put(id).array();
  }

  static long dueOfDeadline(byte[] key) {
    return ByteBuffer.wrap(key, 0, TIME_BYTES).getLong();
  }

  static byte[] longValue(long v) {
    return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
  }

  static long longOf(byte[] b) {
    return b == null ? 0 : ByteBuffer.wrap(b).getLong();
  }

  /**
   * Maps a signed time so that big-endian unsigned byte order is descending time: flipping the
   * sign bit makes unsigned order match signed order, inverting all bits reverses it.
   */
  private static long newestFirst(long ms) {
    return ms ^ Long.MAX_VALUE;
  }
}
