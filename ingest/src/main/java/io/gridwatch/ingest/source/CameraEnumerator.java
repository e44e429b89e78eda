package io.gridwatch.ingest.source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each camera to one reader. A camera always goes to the same reader for a given
 * parallelism (hash of its id), so cameras spread over the readers and a restore puts them back
 * where they were.
 */
final class CameraEnumerator implements SplitEnumerator<CameraSplit, CameraEnumeratorState> {

  private static final Logger LOG = LoggerFactory.getLogger(CameraEnumerator.class);

  private final SplitEnumeratorContext<CameraSplit> context;
  private final Map<String, CameraSplit> pending = new LinkedHashMap<>();
  private final boolean bounded;

  CameraEnumerator(SplitEnumeratorContext<CameraSplit> context, Collection<CameraSplit> pending, boolean bounded) {
    this.context = context;
    this.bounded = bounded;
    pending.forEach(s -> this.pending.put(s.splitId(), s));
  }

  @Override
  public void start() {
    assignPending();
  }

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {
    // Assignment is push-based; readers never need to ask.
  }

  @Override
  public void addSplitsBack(List<CameraSplit> splits, int subtaskId) {
    LOG.info("{} camera(s) returned by reader {} after a failure; reassigning", splits.size(), subtaskId);
    splits.forEach(s -> pending.put(s.splitId(), s));
    assignPending();
  }

  @Override
  public void addReader(int subtaskId) {
    assignPending();
  }

  private void assignPending() {
    int parallelism = context.currentParallelism();
    Iterator<CameraSplit> it = pending.values().iterator();
    while (it.hasNext()) {
      CameraSplit split = it.next();
      int owner = ownerOf(split.cameraId(), parallelism);
      if (context.registeredReaders().containsKey(owner)) {
        context.assignSplit(split, owner);
        LOG.info("camera {} assigned to reader {}", split.cameraId(), owner);
        it.remove();
      }
    }
    if (bounded && pending.isEmpty()) {
      for (int reader : new ArrayList<>(context.registeredReaders().keySet())) {
        context.signalNoMoreSplits(reader);
      }
    }
  }

  static int ownerOf(String cameraId, int parallelism) {
    return Math.floorMod(cameraId.hashCode(), parallelism);
  }

  @Override
  public CameraEnumeratorState snapshotState(long checkpointId) {
    return new CameraEnumeratorState(new ArrayList<>(pending.values()));
  }

  @Override
  public void close() {}
}
