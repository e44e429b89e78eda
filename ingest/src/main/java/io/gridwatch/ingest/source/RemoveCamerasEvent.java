package io.gridwatch.ingest.source;

import java.util.List;
import org.apache.flink.api.connector.source.SourceEvent;

/** From the enumerator to the readers: these cameras left the site; stop reading them. */
record RemoveCamerasEvent(List<String> cameraIds) implements SourceEvent {

  private static final long serialVersionUID = 1L;

  RemoveCamerasEvent {
    cameraIds = List.copyOf(cameraIds);
  }
}
