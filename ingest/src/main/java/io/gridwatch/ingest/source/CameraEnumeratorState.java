package io.gridwatch.ingest.source;

import java.util.List;

/** What the enumerator checkpoints: cameras not yet handed to a reader. */
public record CameraEnumeratorState(List<CameraSplit> pending) {

  public CameraEnumeratorState {
    pending = List.copyOf(pending);
  }
}
