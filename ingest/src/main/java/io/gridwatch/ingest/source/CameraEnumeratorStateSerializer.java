package io.gridwatch.ingest.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Versioned binary form of {@link CameraEnumeratorState}. */
public final class CameraEnumeratorStateSerializer implements SimpleVersionedSerializer<CameraEnumeratorState> {

  public static final CameraEnumeratorStateSerializer INSTANCE = new CameraEnumeratorStateSerializer();
  private static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(CameraEnumeratorState state) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    writeList(state.pending(), out);
    writeList(state.assigned(), out);
    return out.getCopyOfBuffer();
  }

  @Override
  public CameraEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException("camera enumerator state serialized with unknown version " + version
          + "; this build reads " + VERSION);
    }
    DataInputDeserializer in = new DataInputDeserializer(serialized);
    return new CameraEnumeratorState(readList(in), readList(in));
  }

  private static void writeList(List<CameraSplit> splits, DataOutputSerializer out) throws IOException {
    out.writeInt(splits.size());
    for (CameraSplit split : splits) {
      CameraSplitSerializer.write(split, out);
    }
  }

  private static List<CameraSplit> readList(DataInputDeserializer in) throws IOException {
    int n = in.readInt();
    List<CameraSplit> splits = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      splits.add(CameraSplitSerializer.read(in));
    }
    return splits;
  }
}
