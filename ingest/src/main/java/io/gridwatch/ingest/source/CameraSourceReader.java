package io.gridwatch.ingest.source;

import io.gridwatch.ingest.decode.DecoderFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.MetricGroup;

/**
 * Runs one {@link CameraWorker} per assigned camera and moves their frames to Flink, taking the
 * cameras in turn so that a busy camera cannot starve a quiet one.
 */
final class CameraSourceReader implements SourceReader<CameraEvent, CameraSplit> {

  private final SourceReaderContext context;
  private final DecoderFactory decoders;
  private final int queueCapacity;
  private final Map<String, CameraWorker> workers = new LinkedHashMap<>();
  /** Events of the reader itself (cameras removed), touched only by the task thread. */
  private final java.util.ArrayDeque<CameraEvent> control = new java.util.ArrayDeque<>();
  private final Object lock = new Object();
  private CompletableFuture<Void> available = new CompletableFuture<>();
  private boolean noMoreSplits;
  private int nextIndex;

  CameraSourceReader(SourceReaderContext context, DecoderFactory decoders, int queueCapacity) {
    this.context = context;
    this.decoders = decoders;
    this.queueCapacity = queueCapacity;
  }

  @Override
  public void start() {}

  @Override
  public InputStatus pollNext(ReaderOutput<CameraEvent> output) {
    CameraEvent own = control.pollFirst();
    if (own != null) {
      output.collect(own, own.timeMs());
      return InputStatus.MORE_AVAILABLE;
    }
    List<CameraWorker> list = new ArrayList<>(workers.values());
    for (int i = 0; i < list.size(); i++) {
      CameraWorker worker = list.get((nextIndex + i) % list.size());
      CameraEvent event = worker.queue().poll();
      if (event != null) {
        nextIndex = (nextIndex + i + 1) % list.size();
        output.collect(event, event.timeMs());
        return InputStatus.MORE_AVAILABLE;
      }
    }
    if (noMoreSplits && list.stream().allMatch(w -> w.isFinished() && w.queue().isEmpty())) {
      return InputStatus.END_OF_INPUT;
    }
    synchronized (lock) {
      if (available.isDone()) {
        available = new CompletableFuture<>();
      }
    }
    // A frame may have arrived between the scan and the reset; look once more.
    for (CameraWorker w : list) {
      if (!w.queue().isEmpty() || w.isFinished()) {
        signal();
        break;
      }
    }
    return InputStatus.NOTHING_AVAILABLE;
  }

  private void signal() {
    synchronized (lock) {
      available.complete(null);
    }
  }

  @Override
  public List<CameraSplit> snapshotState(long checkpointId) {
    List<CameraSplit> splits = new ArrayList<>();
    workers.values().forEach(w -> splits.add(w.split()));
    return splits;
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    synchronized (lock) {
      return available;
    }
  }

  @Override
  public void addSplits(List<CameraSplit> splits) {
    for (CameraSplit split : splits) {
      CameraWorker old = workers.remove(split.cameraId());
      if (old != null) {
        old.stopAsync(); // the camera changed in the site file: read it anew
      }
      CameraMetrics metrics = new CameraMetrics();
      MetricGroup group = context.metricGroup().addGroup("camera", split.cameraId());
      metrics.register(group);
      CameraWorker worker = new CameraWorker(split, decoders, new FrameQueue(queueCapacity), metrics, this::signal);
      workers.put(split.cameraId(), worker);
      worker.start();
    }
  }

  @Override
  public void handleSourceEvents(org.apache.flink.api.connector.source.SourceEvent event) {
    if (event instanceof RemoveCamerasEvent remove) {
      for (String id : remove.cameraIds()) {
        CameraWorker worker = workers.remove(id);
        if (worker != null) {
          worker.stopAsync();
          control.addLast(CameraEvent.of(CameraSetup.removed(id)));
        }
      }
      signal();
    }
  }

  @Override
  public void notifyNoMoreSplits() {
    noMoreSplits = true;
    signal();
  }

  @Override
  public void close() throws Exception {
    for (CameraWorker worker : workers.values()) {
      worker.stop();
    }
    workers.clear();
  }
}
