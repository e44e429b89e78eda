package io.gridwatch.alerts.store;

import io.gridwatch.contracts.incident.Incident;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The fields a listing filters on, carried in the value of every index entry, so that a filter
 * with more criteria than the index it walks is judged without reading each incident's JSON.
 * Names, not ordinals, are stored: reordering an enum must not change what old entries mean.
 *
 * @param status   lifecycle state name
 * @param scene    alert kind wire name
 * @param cameraId camera id
 * @param cellId   grid cell id, "" when not routed
 * @param assignee assignee, "" when nobody
 */
record Facets(String status, String scene, String cameraId, String cellId, String assignee) {

  static Facets of(Incident i) {
    return new Facets(i.status().name(), i.scene().wireName(), i.cameraId(), nullToEmpty(i.gridCellId()),
        nullToEmpty(i.assignee()));
  }

  /** Each field as a 2-byte length and its UTF-8 bytes. */
  byte[] encode() {
    byte[][] parts = {utf8(status), utf8(scene), utf8(cameraId), utf8(cellId), utf8(assignee)};
    int size = 0;
    for (byte[] p : parts) {
      size += 2 + p.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    for (byte[] p : parts) {
      out.putShort((short) p.length).put(p);
    }
    return out.array();
  }

  /** A filter compiled to bytes, to judge index values without decoding them. */
  static Matcher matcher(IncidentFilter f) {
    return new Matcher(f);
  }

  /**
   * Judges an encoded value field by field, comparing bytes, without allocating: a non-exact
   * listing runs it on every entry of the index it walks.
   */
  static final class Matcher {
    /** Per field in encoding order: the bytes it must equal, or null for any. */
    private final byte[][] wanted;
    /** The cells the cell field must be one of, or null for any. */
    private final byte[][] cells;

    private Matcher(IncidentFilter f) {
      wanted = new byte[][] {
          f.status() == null ? null : utf8(f.status().name()),
          f.scene() == null ? null : utf8(f.scene().wireName()),
          f.cameraId() == null ? null : utf8(f.cameraId()),
          f.gridCellId() == null ? null : utf8(f.gridCellId()),
          f.assignee() == null ? null : utf8(f.assignee())};
      cells = f.cells() == null ? null : f.cells().stream().map(Facets::utf8).toArray(byte[][]::new);
    }

    boolean matches(byte[] value) {
      int at = 0;
      for (int field = 0; field < wanted.length; field++) {
        int length = ((value[at] & 0xff) << 8) | (value[at + 1] & 0xff);
        int from = at + 2;
        at = from + length;
        byte[] w = wanted[field];
        if (w != null && !java.util.Arrays.equals(value, from, at, w, 0, w.length)) {
          return false;
        }
        if (field == CELL && cells != null && !anyEquals(value, from, at)) {
          return false;
        }
      }
      return true;
    }

    private boolean anyEquals(byte[] value, int from, int to) {
      if (from == to) {
        return false; // not routed to a cell: outside every restriction
      }
      for (byte[] c : cells) {
        if (java.util.Arrays.equals(value, from, to, c, 0, c.length)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Position of the cell id among the encoded fields. */
  private static final int CELL = 3;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

}
