package io.gridwatch.alerts.ingest;

import static io.gridwatch.alerts.TestData.MINUTE;
import static io.gridwatch.alerts.TestData.NOW;
import static io.gridwatch.alerts.TestData.alert;
import static io.gridwatch.alerts.TestData.site;
import static io.gridwatch.alerts.TestData.withStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwatch.alerts.ingest.IngestOutcome.Action;
import io.gridwatch.alerts.store.IncidentFilter;
import io.gridwatch.alerts.store.IncidentStore;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.incident.Incident;
import io.gridwatch.contracts.incident.IncidentStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentIngestorTest {

  @TempDir
  Path dir;

  IncidentStore store;
  IncidentIngestor ingestor;

  @BeforeEach
  void open() {
    store = IncidentStore.open(dir);
    ingestor = new IncidentIngestor(store, new IncidentRouter(site()));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void firstAlertOpensAReportedIncidentRoutedToTheCellsWorker() {
    Alert alert = alert(NOW - MINUTE);

    IngestOutcome outcome = ingestor.apply(alert, NOW);

    assertThat(outcome.action()).isEqualTo(Action.OPENED);
    Incident incident = outcome.incident();
    assertThat(incident).usingRecursiveComparison().ignoringFields("deadline")
        .isEqualTo(Incident.openedBy(alert, "g-01", "w-1", NOW));
    assertThat(incident.status()).isEqualTo(IncidentStatus.REPORTED);
    // A NORMAL street-occupation case must be accepted within the default 15 minutes.
    assertThat(incident.deadline().stage()).isEqualTo("accept");
    assertThat(incident.deadline().dueMs()).isEqualTo(NOW + 15 * MINUTE);
    assertThat(store.audit(incident.incidentId())).singleElement()
        .satisfies(line -> assertThat(line.action()).isEqualTo("report"));
    assertThat(store.get(incident.incidentId())).contains(incident);
    assertThat(store.incidentForAlert(alert.alertId())).contains(incident.incidentId());
  }

  @Test
  void replayedAlertChangesNothing() {
    Alert alert = alert(NOW - MINUTE);
    Incident opened = ingestor.apply(alert, NOW).incident();

    IngestOutcome replay = ingestor.apply(alert, NOW + MINUTE);

    assertThat(replay.action()).isEqualTo(Action.DUPLICATE);
    assertThat(replay.incident()).isEqualTo(opened);
    assertThat(store.get(opened.incidentId())).contains(opened);
    assertThat(store.count()).isEqualTo(1);
  }

  @Test
  void replayedMergedAlertChangesNothing() {
    ingestor.apply(alert(NOW - 5 * MINUTE), NOW);
    Incident merged = ingestor.apply(alert(NOW - 2 * MINUTE), NOW + 1).incident();

    IngestOutcome replay = ingestor.apply(alert(NOW - 2 * MINUTE), NOW + 2);

    assertThat(replay.action()).isEqualTo(Action.DUPLICATE);
    assertThat(store.get(merged.incidentId())).contains(merged);
  }

  @Test
  void alertsOfSameZoneWithinWindowMergeIntoOneIncident() {
    Alert first = alert(NOW - 20 * MINUTE);
    Alert second = alert(NOW - 15 * MINUTE);
    Alert third = alert(NOW - 6 * MINUTE);

    Incident opened = ingestor.apply(first, NOW).incident();
    IngestOutcome two = ingestor.apply(second, NOW + 1);
    IngestOutcome three = ingestor.apply(third, NOW + 2);

    assertThat(two.action()).isEqualTo(Action.MERGED);
    assertThat(three.action()).isEqualTo(Action.MERGED);
    Incident incident = store.get(opened.incidentId()).orElseThrow();
    assertThat(incident.alertIds()).containsExactly(first.alertId(), second.alertId(), third.alertId());
    assertThat(incident.firstAlertMs()).isEqualTo(first.startMs());
    assertThat(incident.lastAlertMs()).isEqualTo(third.endMs());
    assertThat(incident.createdMs()).isEqualTo(NOW);
    assertThat(incident.updatedMs()).isEqualTo(NOW + 2);
    assertThat(store.count()).isEqualTo(1);
    assertThat(store.incidentForAlert(third.alertId())).contains(opened.incidentId());
  }

  @Test
  void alertAfterTheWindowOpensANewIncident() {
    Alert first = alert(NOW - 30 * MINUTE); // ends 30 s later
    Alert late = alert(first.endMs() + 10 * MINUTE + 1);

    ingestor.apply(first, NOW);
    IngestOutcome outcome = ingestor.apply(late, NOW + 1);

    assertThat(outcome.action()).isEqualTo(Action.OPENED);
    assertThat(store.count()).isEqualTo(2);
  }

  @Test
  void alertExactlyAtTheWindowEdgeStillMerges() {
    Alert first = alert(NOW - 30 * MINUTE);
    Alert edge = alert(first.endMs() + 10 * MINUTE);

    ingestor.apply(first, NOW);

    assertThat(ingestor.apply(edge, NOW + 1).action()).isEqualTo(Action.MERGED);
  }

  @Test
  void lateArrivingOlderAlertMergesWhenCloseToTheIncidentsAlerts() {
    Alert newer = alert(NOW - 10 * MINUTE);
    Alert older = alert(NOW - 15 * MINUTE); // arrives second, ends 4.5 min before `newer` starts

    Incident opened = ingestor.apply(newer, NOW).incident();
    IngestOutcome outcome = ingestor.apply(older, NOW + 1);

    assertThat(outcome.action()).isEqualTo(Action.MERGED);
    assertThat(outcome.incident().incidentId()).isEqualTo(opened.incidentId());
    assertThat(outcome.incident().firstAlertMs()).isEqualTo(older.startMs());
  }

  @Test
  void alertsOfOtherZonesScenesOrCamerasDoNotMerge() {
    ingestor.apply(alert("cam-1", AlertScene.STREET_OCCUPATION, "shop-3", NOW - 5 * MINUTE), NOW);

    assertThat(ingestor.apply(alert("cam-1", AlertScene.STREET_OCCUPATION, "shop-4", NOW - 4 * MINUTE), NOW).action())
        .isEqualTo(Action.OPENED);
    assertThat(ingestor.apply(alert("cam-1", AlertScene.STREET_OCCUPATION, null, NOW - 4 * MINUTE), NOW).action())
        .isEqualTo(Action.OPENED);
    assertThat(ingestor.apply(alert("cam-1", AlertScene.RIVER_INTRUSION, "shop-3", NOW - 4 * MINUTE), NOW).action())
        .isEqualTo(Action.OPENED);
    assertThat(ingestor.apply(alert("cam-2", AlertScene.STREET_OCCUPATION, "shop-3", NOW - 4 * MINUTE), NOW).action())
        .isEqualTo(Action.OPENED);
    assertThat(store.count()).isEqualTo(5);
  }

  @Test
  void resolvedIncidentTakesNoMoreAlerts() {
    Incident opened = ingestor.apply(alert(NOW - 5 * MINUTE), NOW).incident();
    store.put(withStatus(opened, IncidentStatus.RESOLVED), List.of());

    IngestOutcome outcome = ingestor.apply(alert(NOW - 4 * MINUTE), NOW + 1);

    assertThat(outcome.action()).isEqualTo(Action.OPENED);
    assertThat(outcome.incident().incidentId()).isNotEqualTo(opened.incidentId());
    assertThat(store.get(opened.incidentId()).orElseThrow().alertIds()).hasSize(1);
  }

  @Test
  void dispatchedIncidentStillTakesAlerts() {
    Incident opened = ingestor.apply(alert(NOW - 5 * MINUTE), NOW).incident();
    store.put(withStatus(opened, IncidentStatus.DISPATCHED), List.of());

    IngestOutcome outcome = ingestor.apply(alert(NOW - 4 * MINUTE), NOW + 1);

    assertThat(outcome.action()).isEqualTo(Action.MERGED);
    assertThat(outcome.incident().status()).isEqualTo(IncidentStatus.DISPATCHED);
  }

  @Test
  void mergeWindowIsConfigurable() {
    IncidentIngestor strict = new IncidentIngestor(store, new IncidentRouter(site()), Duration.ZERO);
    Alert first = alert(NOW - 10 * MINUTE); // 30 s long
    Alert overlapping = alert(first.startMs() + 10_000);
    Alert justAfter = alert(first.endMs() + 31_000);

    strict.apply(first, NOW);

    assertThat(strict.apply(overlapping, NOW).action()).isEqualTo(Action.MERGED);
    assertThat(strict.apply(justAfter, NOW).action()).isEqualTo(Action.OPENED);
  }

  @Test
  void mergedAlertKeepsTheIncidentsRoute() {
    Incident opened = ingestor.apply(alert(NOW - 5 * MINUTE), NOW).incident();

    Incident merged = ingestor.apply(alert(NOW - 4 * MINUTE), NOW + 1).incident();

    assertThat(merged.gridCellId()).isEqualTo(opened.gridCellId());
    assertThat(merged.assignee()).isEqualTo(opened.assignee());
  }

  @Test
  void equipmentAlertOpensAnIncidentForTheMaintainer() {
    Incident incident = ingestor.apply(alert("cam-2", AlertScene.CAMERA_OFFLINE, null, NOW - MINUTE), NOW).incident();

    assertThat(incident.gridCellId()).isEqualTo("g-02");
    assertThat(incident.assignee()).isEqualTo(IncidentRouter.MAINTAINER);
  }

  @Test
  void withoutSiteIncidentsHaveNoGridCellOrAssignee() {
    IncidentIngestor bare = new IncidentIngestor(store, IncidentRouter.withoutSite());

    Incident incident = bare.apply(alert(NOW - MINUTE), NOW).incident();

    assertThat(incident.gridCellId()).isNull();
    assertThat(incident.assignee()).isNull();
  }

  @Test
  void alertIdWithoutThePrefixIsRejectedNamingIt() {
    Alert odd = new Alert(Alert.SCHEMA_VERSION, "x1", "cam-1", AlertScene.THROWING, null, NOW, NOW, 0.5,
        Map.of(), NOW, List.of());

    assertThatThrownBy(() -> ingestor.apply(odd, NOW))
        .isInstanceOf(RejectedAlertException.class)
        .hasMessageContaining("'x1'");
    assertThat(store.count()).isZero();
  }

  @Test
  void incidentsSurviveARestartAndKeepMerging() {
    Incident opened = ingestor.apply(alert(NOW - 5 * MINUTE), NOW).incident();
    store.close();
    store = IncidentStore.open(dir);
    IncidentIngestor restarted = new IncidentIngestor(store, new IncidentRouter(site()));

    assertThat(restarted.apply(alert(NOW - 5 * MINUTE), NOW + 1).action()).isEqualTo(Action.DUPLICATE);
    IngestOutcome next = restarted.apply(alert(NOW - 4 * MINUTE), NOW + 2);

    assertThat(next.action()).isEqualTo(Action.MERGED);
    assertThat(next.incident().incidentId()).isEqualTo(opened.incidentId());
    assertThat(store.list(0, 10, IncidentFilter.ALL).total()).isEqualTo(1);
  }

  @Test
  void negativeMergeWindowIsRefused() {
    assertThatThrownBy(() -> new IncidentIngestor(store, IncidentRouter.withoutSite(), Duration.ofMinutes(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mergeWindow");
  }
}
