package io.gridwatch.ingest.source;

import java.util.List;

/**
 * What the enumerator checkpoints: cameras not yet handed to a reader, and cameras handed out
 * (so that a site change after a restore knows what to stop).
 */
public record CameraEnumeratorState(List<CameraSplit> pending, List<CameraSplit> assigned) {

  public CameraEnumeratorState {
    pending = List.copyOf(pending);
    assigned = List.copyOf(assigned);
  }
}
