package io.gridwatch.alerts.api;

import io.gridwatch.alerts.desk.IncidentDesk;
import io.gridwatch.alerts.ingest.IncidentIngestor;
import io.gridwatch.alerts.ingest.IncidentRouter;
import io.gridwatch.alerts.lifecycle.IncidentLifecycle;
import io.gridwatch.alerts.lifecycle.TimeLimits;
import io.gridwatch.alerts.store.IncidentStore;
import io.gridwatch.alerts.TestData;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.incident.Incident;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** A real store, ingestor, desk and API on a free port, with {@link ApiClient#USERS}. */
final class ApiFixture implements AutoCloseable {

  final IncidentStore store;
  final IncidentDesk desk;
  final IncidentIngestor ingestor;
  final IncidentApi api;
  final ApiClient client;
  final Path photos;

  ApiFixture(Path dir) {
    store = IncidentStore.open(dir.resolve("incidents"));
    IncidentLifecycle lifecycle = new IncidentLifecycle(TimeLimits.defaults());
    desk = new IncidentDesk(store, lifecycle);
    ingestor = new IncidentIngestor(store, new IncidentRouter(TestData.site()), IncidentIngestor.DEFAULT_MERGE_WINDOW,
        lifecycle);
    photos = dir.resolve("photos");
    api = new IncidentApi(store, desk, ApiClient.USERS, TimeLimits.defaults(), 0, photos, Clock.systemUTC(), Map.of());
    client = new ApiClient(api.start());
  }

  /** An incident opened now by {@code alert} (cam-1 is in g-01, cam-2 in g-02). */
  Incident open(Alert alert) {
    return ingestor.apply(alert, System.currentTimeMillis()).incident();
  }

  @Override
  public void close() {
    api.stop();
    store.close();
  }
}
