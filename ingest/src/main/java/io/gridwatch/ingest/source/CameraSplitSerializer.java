package io.gridwatch.ingest.source;

import io.gridwatch.contracts.config.DecoderKind;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/** Versioned binary form of {@link CameraSplit} for checkpoints. */
public final class CameraSplitSerializer implements SimpleVersionedSerializer<CameraSplit> {

  public static final CameraSplitSerializer INSTANCE = new CameraSplitSerializer();
  private static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(CameraSplit split) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(128);
    write(split, out);
    return out.getCopyOfBuffer();
  }

  @Override
  public CameraSplit deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException("camera split serialized with unknown version " + version + "; this build reads " + VERSION);
    }
    return read(new DataInputDeserializer(serialized));
  }

  static void write(CameraSplit s, DataOutputView out) throws IOException {
    out.writeUTF(s.cameraId());
    out.writeUTF(s.source());
    out.writeUTF(s.decoder().wireName());
    out.writeBoolean(s.loop());
    out.writeBoolean(s.realTime());
    out.writeLong(s.samplingIntervalMs());
    writeNullable(s.passwordEnv(), out);
    writeNullable(s.passwordFile(), out);
    writeNullable(s.sceneJson(), out);
    out.writeLong(s.offlineAlertMs());
  }

  static CameraSplit read(DataInputView in) throws IOException {
    return new CameraSplit(in.readUTF(), in.readUTF(), DecoderKind.fromWireName(in.readUTF()),
        in.readBoolean(), in.readBoolean(), in.readLong(), readNullable(in), readNullable(in), readNullable(in),
        in.readLong());
  }

  // Scenes can exceed writeUTF's 64 KB limit, so strings go as length + UTF-8 bytes.
  private static void writeNullable(String s, DataOutputView out) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeInt(bytes.length);
      out.write(bytes);
    }
  }

  private static String readNullable(DataInputView in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }
}
