package io.gridwatch.ingest.source;

import io.gridwatch.contracts.config.Site;
import java.nio.file.Path;
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
 * Hands each camera to one reader, and keeps the cameras in step with the site file. A camera
 * always goes to the same reader for a given parallelism (hash of its id), so cameras spread
 * over the readers and a restore puts them back where they were.
 *
 * <p>When watching the site file, it is re-read in the coordinator's worker thread whenever its
 * content (or a scene file's) changes: new cameras are assigned, removed ones are stopped, and a
 * camera whose source or scene changed is handed out again, which restarts just that camera. A
 * site file that no longer loads is reported and ignored: the cameras keep running as before.
 */
final class CameraEnumerator implements SplitEnumerator<CameraSplit, CameraEnumeratorState> {

  private static final Logger LOG = LoggerFactory.getLogger(CameraEnumerator.class);

  private final SplitEnumeratorContext<CameraSplit> context;
  private final Map<String, CameraSplit> pending = new LinkedHashMap<>();
  private final Map<String, CameraSplit> assigned = new LinkedHashMap<>();
  private final boolean bounded;
  private final CameraSource.SiteWatch watch;
  private volatile String lastFingerprint;

  CameraEnumerator(SplitEnumeratorContext<CameraSplit> context, Collection<CameraSplit> pending,
      Collection<CameraSplit> assigned, boolean bounded, CameraSource.SiteWatch watch) {
    this.context = context;
    this.bounded = bounded;
    this.watch = watch;
    pending.forEach(s -> this.pending.put(s.splitId(), s));
    assigned.forEach(s -> this.assigned.put(s.splitId(), s));
    if (watch != null) {
      lastFingerprint = CameraSplits.fingerprint(Path.of(watch.siteFile()));
    }
  }

  @Override
  public void start() {
    assignPending();
    if (watch != null) {
      context.callAsync(this::reloadIfChanged, this::applySite, watch.periodMs(), watch.periodMs());
    }
  }

  /** Runs in a coordinator worker thread: null when nothing changed. */
  private List<CameraSplit> reloadIfChanged() {
    String fingerprint = CameraSplits.fingerprint(Path.of(watch.siteFile()));
    if (fingerprint.equals(lastFingerprint)) {
      return null;
    }
    lastFingerprint = fingerprint;
    return CameraSplits.fromSite(Site.load(Path.of(watch.siteFile())));
  }

  /** Runs in the coordinator thread. */
  private void applySite(List<CameraSplit> splits, Throwable error) {
    if (error != null) {
      LOG.warn("site file not reloaded, cameras keep running as before: {}", error.getMessage());
      return;
    }
    if (splits == null) {
      return;
    }
    Map<String, CameraSplit> wanted = new LinkedHashMap<>();
    splits.forEach(s -> wanted.put(s.cameraId(), s));
    List<String> removed = new ArrayList<>();
    for (String id : new ArrayList<>(known())) {
      if (!wanted.containsKey(id)) {
        pending.remove(id);
        if (assigned.remove(id) != null) {
          removed.add(id);
        }
      }
    }
    if (!removed.isEmpty()) {
      // A restore with another parallelism may have moved a camera, so every reader hears it;
      // readers ignore cameras they do not hold.
      for (int reader : context.registeredReaders().keySet()) {
        context.sendEventToSourceReader(reader, new RemoveCamerasEvent(removed));
      }
      LOG.info("site changed: stopping camera(s) {}", removed);
    }
    for (CameraSplit split : wanted.values()) {
      CameraSplit current = assigned.containsKey(split.cameraId()) ? assigned.get(split.cameraId())
          : pending.get(split.cameraId());
      if (!split.equals(current)) {
        LOG.info("site changed: {} camera {}", current == null ? "adding" : "updating", split.cameraId());
        assigned.remove(split.cameraId());
        pending.put(split.cameraId(), split);
      }
    }
    assignPending();
  }

  private List<String> known() {
    List<String> ids = new ArrayList<>(pending.keySet());
    ids.addAll(assigned.keySet());
    return ids;
  }

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {
    // Assignment is push-based; readers never need to ask.
  }

  @Override
  public void addSplitsBack(List<CameraSplit> splits, int subtaskId) {
    LOG.info("{} camera(s) returned by reader {} after a failure; reassigning", splits.size(), subtaskId);
    splits.forEach(s -> {
      assigned.remove(s.splitId());
      pending.put(s.splitId(), s);
    });
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
        assigned.put(split.cameraId(), split);
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
    return new CameraEnumeratorState(new ArrayList<>(pending.values()), new ArrayList<>(assigned.values()));
  }

  @Override
  public void close() {}
}
