package io.gridwatch.analytics.detect;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The byte format of detector state kept in Flink's keyed state: a header naming the kind of
 * state and its format version, then fields written in a fixed order by the detector's own state
 * class. Explicit rather than Java serialization, so that a field renamed in a class does not
 * make a checkpoint unreadable, and a format change is a version number the reader checks.
 *
 * <p>A reader that meets another kind or a version it does not know throws
 * {@link StateFormatException}; detectors then start afresh rather than fail the job.
 */
public final class StateCodec {

  /** First bytes of every state: "GWS" and the header's own version. */
  private static final int MAGIC = 0x47575301;

  private StateCodec() {}

  /** Starts writing a state of {@code kind} in format {@code version}. */
  public static Writer writer(String kind, int version) {
    return new Writer(kind, version);
  }

  /**
   * Starts reading a state that must be of {@code kind}, in a format version from 1 to
   * {@code newestVersion}; {@link Reader#version()} tells which.
   */
  public static Reader reader(byte[] bytes, String kind, int newestVersion) {
    return new Reader(bytes, kind, newestVersion);
  }

  /** State that cannot be read: another kind, an unknown version, or cut short. */
  public static final class StateFormatException extends RuntimeException {
    public StateFormatException(String message) {
      super(message);
    }
  }

  /** Writes fields in order; {@link #toBytes()} ends it. */
  public static final class Writer {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    private final DataOutputStream out = new DataOutputStream(bytes);

    private Writer(String kind, int version) {
      writeInt(MAGIC);
      writeString(kind);
      writeInt(version);
    }

    public Writer writeInt(int v) {
      return io(() -> out.writeInt(v));
    }

    public Writer writeLong(long v) {
      return io(() -> out.writeLong(v));
    }

    public Writer writeDouble(double v) {
      return io(() -> out.writeDouble(v));
    }

    public Writer writeFloat(float v) {
      return io(() -> out.writeFloat(v));
    }

    public Writer writeBoolean(boolean v) {
      return io(() -> out.writeBoolean(v));
    }

    public Writer writeString(String v) {
      return io(() -> out.writeUTF(v));
    }

    /** A byte array with its length (null is written as length -1). */
    public Writer writeBytes(byte[] v) {
      return io(() -> {
        out.writeInt(v == null ? -1 : v.length);
        if (v != null) {
          out.write(v);
        }
      });
    }

    public byte[] toBytes() {
      io(out::flush);
      return bytes.toByteArray();
    }

    private interface IoAction {
      void run() throws IOException;
    }

    private Writer io(IoAction a) {
      try {
        a.run();
        return this;
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
      }
    }
  }

  /** Reads fields in the order they were written. */
  public static final class Reader {
    private final DataInputStream in;
    private final String kind;
    private final int version;

    private Reader(byte[] bytes, String kind, int newestVersion) {
      this.in = new DataInputStream(new ByteArrayInputStream(bytes));
      this.kind = kind;
      int magic = readInt();
      if (magic != MAGIC) {
        throw new StateFormatException("not detector state (header " + Integer.toHexString(magic) + ")");
      }
      String found = readString();
      if (!found.equals(kind)) {
        throw new StateFormatException("state of a " + found + " detector, expected " + kind);
      }
      version = readInt();
      if (version < 1 || version > newestVersion) {
        throw new StateFormatException(kind + " state version " + version + " is unknown to this build (newest "
            + newestVersion + ")");
      }
    }

    public int version() {
      return version;
    }

    public int readInt() {
      return io(in::readInt);
    }

    public long readLong() {
      return io(in::readLong);
    }

    public double readDouble() {
      return io(in::readDouble);
    }

    public float readFloat() {
      return io(in::readFloat);
    }

    public boolean readBoolean() {
      return io(in::readBoolean);
    }

    public String readString() {
      return io(in::readUTF);
    }

    /**
     * A count written before a list, checked against {@code max} so that damaged state cannot
     * make the reader allocate without bound.
     */
    public int readCount(int max) {
      int n = readInt();
      if (n < 0 || n > max) {
        throw new StateFormatException(kind + " state: a count of " + n + " is outside 0.." + max);
      }
      return n;
    }

    public byte[] readBytes(int maxLength) {
      int n = readInt();
      if (n == -1) {
        return null;
      }
      if (n < 0 || n > maxLength) {
        throw new StateFormatException(kind + " state: " + n + " bytes is outside 0.." + maxLength);
      }
      byte[] b = new byte[n];
      io(() -> {
        in.readFully(b);
        return null;
      });
      return b;
    }

    private interface IoRead<T> {
      T read() throws IOException;
    }

    private <T> T io(IoRead<T> r) {
      try {
        return r.read();
      } catch (IOException e) {
        throw new StateFormatException(kind + " state is cut short: " + e);
      }
    }
  }
}
