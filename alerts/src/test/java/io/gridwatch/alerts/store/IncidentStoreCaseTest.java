package io.gridwatch.alerts.store;

import static io.gridwatch.alerts.TestData.MINUTE;
import static io.gridwatch.alerts.TestData.NOW;
import static io.gridwatch.alerts.TestData.incident;
import static io.gridwatch.alerts.TestData.withGridCell;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.alerts.lifecycle.AuditEntry;
import io.gridwatch.alerts.lifecycle.IncidentCommand;
import io.gridwatch.alerts.lifecycle.IncidentLifecycle;
import io.gridwatch.alerts.lifecycle.TimeLimits;
import io.gridwatch.alerts.lifecycle.TransitionResult;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.incident.Incident;
import io.gridwatch.contracts.incident.IncidentPriority;
import io.gridwatch.contracts.incident.IncidentStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's lifecycle parts against real RocksDB: audit log, secondary indexes, deadlines. */
class IncidentStoreCaseTest {

  @TempDir
  Path dir;

  IncidentStore store;
  final IncidentLifecycle lifecycle = new IncidentLifecycle(TimeLimits.defaults());

  @BeforeEach
  void open() {
    store = IncidentStore.open(dir.resolve("incidents"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Incident report(Incident plain) {
    TransitionResult.Applied r = lifecycle.opened(plain, IncidentPriority.NORMAL);
    store.put(r.incident(), r.incident().alertIds(), r.audit());
    return r.incident();
  }

  private Incident command(Incident i, IncidentCommand c) {
    TransitionResult.Applied r = (TransitionResult.Applied) lifecycle.transition(i, c);
    store.put(r.incident(), List.of(), r.audit());
    return r.incident();
  }

  @Test
  void auditLogIsAppendedInOrderAndSurvivesReopening() {
    Incident i = report(incident("cam-1", AlertScene.THROWING, null, NOW));
    i = command(i, new IncidentCommand.Dispatch("op", NOW + MINUTE, null, "nearest worker"));
    i = command(i, new IncidentCommand.Accept("w-1", NOW + 2 * MINUTE, ""));

    store.close();
    store = IncidentStore.open(dir.resolve("incidents"));

    List<AuditEntry> log = store.audit(i.incidentId());
    assertThat(log).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L);
    assertThat(log).extracting(AuditEntry::action).containsExactly("report", "dispatch", "accept");
    assertThat(log.get(1).actor()).isEqualTo("op");
    assertThat(log.get(1).reason()).isEqualTo("nearest worker");
    assertThat(log.get(2).to()).isEqualTo(IncidentStatus.ACCEPTED);
    assertThat(store.audit("inc-unknown")).isEmpty();
  }

  @Test
  void auditLogsOfIncidentsWithPrefixIdsDoNotMix() {
    Incident a = report(incident("cam-1", AlertScene.THROWING, null, NOW));
    Incident b = report(incident("cam-2", AlertScene.THROWING, null, NOW + 1));
    command(a, new IncidentCommand.Escalate("op", NOW + 2, ""));
    assertThat(store.audit(a.incidentId())).hasSize(2);
    assertThat(store.audit(b.incidentId())).hasSize(1);
  }

  @Test
  void listingByStatusCellAssigneeAndCameraUsesIndexesThatFollowChanges() {
    Incident a = report(incident("cam-1", AlertScene.THROWING, null, NOW));
    Incident b = report(withGridCell(incident("cam-2", AlertScene.THROWING, null, NOW + 1), "g-02"));
    Incident c = report(incident("cam-1", AlertScene.STREET_OCCUPATION, "shop-3", NOW + 2));
    a = command(a, new IncidentCommand.Dispatch("op", NOW + 3, "w-7", ""));

    IncidentPage reported = store.list(0, 10, IncidentFilter.ALL.withStatus(IncidentStatus.REPORTED));
    assertThat(reported.items()).extracting(Incident::incidentId).containsExactly(c.incidentId(), b.incidentId());
    assertThat(reported.total()).isEqualTo(2);
    IncidentPage dispatched = store.list(0, 10, IncidentFilter.ALL.withStatus(IncidentStatus.DISPATCHED));
    assertThat(dispatched.items()).extracting(Incident::incidentId).containsExactly(a.incidentId());
    assertThat(dispatched.total()).isEqualTo(1);

    assertThat(store.list(0, 10, IncidentFilter.ALL.withGridCellId("g-02")).items()).containsExactly(b);
    assertThat(store.list(0, 10, IncidentFilter.ALL.withAssignee("w-7")).items()).containsExactly(a);
    assertThat(store.list(0, 1, IncidentFilter.ALL.withCameraId("cam-1")))
        .satisfies(p -> assertThat(p.total()).isEqualTo(2))
        .satisfies(p -> assertThat(p.items()).containsExactly(c));
    // Two criteria: one index walked, the other checked on the incidents.
    assertThat(store.list(0, 10, IncidentFilter.ALL.withCameraId("cam-1").withStatus(IncidentStatus.REPORTED))
        .items()).containsExactly(c);
  }

  @Test
  void listingRestrictedToCellsShowsNothingElse() {
    Incident a = report(incident("cam-1", AlertScene.THROWING, null, NOW));
    report(withGridCell(incident("cam-2", AlertScene.THROWING, null, NOW + 1), "g-02"));
    report(withGridCell(incident("cam-3", AlertScene.THROWING, null, NOW + 2), "g-03"));

    IncidentPage one = store.list(0, 10, IncidentFilter.ALL.withinCells(Set.of("g-01")));
    assertThat(one.items()).containsExactly(a);
    assertThat(one.total()).isEqualTo(1);
    assertThat(store.list(0, 10, IncidentFilter.ALL.withinCells(Set.of("g-01", "g-03"))).total()).isEqualTo(2);
    assertThat(store.list(0, 10, IncidentFilter.ALL.withGridCellId("g-02").withinCells(Set.of("g-01"))).items())
        .isEmpty();
  }

  @Test
  void deadlinesAreFoundOnceDueAndLeaveTheIndexWhenTheStageChanges() {
    Incident a = report(incident("cam-1", AlertScene.THROWING, null, NOW)); // accept within 15 min
    Incident b = report(incident("cam-2", AlertScene.THROWING, null, NOW + MINUTE));

    assertThat(store.dueBy(NOW + 14 * MINUTE, 10)).isEmpty();
    assertThat(store.dueBy(NOW + 16 * MINUTE, 10)).containsExactly(a.incidentId(), b.incidentId());

    command(a, new IncidentCommand.Escalate(IncidentCommand.SYSTEM, NOW + 16 * MINUTE, "accept limit passed"));
    // a now has 15 more minutes to be acted on; b is still due.
    assertThat(store.dueBy(NOW + 17 * MINUTE, 10)).containsExactly(b.incidentId());
    assertThat(store.dueBy(NOW + 31 * MINUTE, 10)).containsExactly(b.incidentId(), a.incidentId());
  }

  @Test
  void listenersHearEveryStoredChangeWithItsAuditLine() {
    List<IncidentChange> heard = new ArrayList<>();
    store.addListener(heard::add);
    Incident a = report(incident("cam-1", AlertScene.THROWING, null, NOW));
    command(a, new IncidentCommand.Escalate("op", NOW + 1, ""));

    assertThat(heard).extracting(ch -> ch.audit().action()).containsExactly("report", "escalate");
    assertThat(heard.get(1).audit().seq()).isEqualTo(2);
    assertThat(heard.get(1).incident().status()).isEqualTo(IncidentStatus.ESCALATED);
  }

  @Test
  void mergeCandidateIsTheNewestOpenIncidentOfTheZoneWithinTheWindowReadFromTheIndex() {
    Incident old = report(incident("cam-1", AlertScene.STREET_OCCUPATION, "shop-3", NOW));
    Incident newer = report(incident("cam-1", AlertScene.STREET_OCCUPATION, "shop-3", NOW + 20 * MINUTE));
    long windowMs = 10 * MINUTE;
    // newer's alert spans NOW+19min..NOW+19.5min (TestData): an alert 5 min later joins it.
    long start = newer.lastAlertMs() + 5 * MINUTE;
    assertThat(store.openInZoneNear("cam-1", AlertScene.STREET_OCCUPATION, "shop-3", start, start + 1, windowMs, 8))
        .contains(newer);
    // Closed (false alarm), it no longer takes alerts; the old one is out of the window.
    Incident dismissed = command(command(command(newer, new IncidentCommand.Dispatch("op", NOW, null, "")),
        new IncidentCommand.Accept("w-1", NOW, "")), new IncidentCommand.Verify("w-1", NOW, false, "", null));
    assertThat(dismissed.status().isOpen()).isFalse();
    assertThat(store.openInZoneNear("cam-1", AlertScene.STREET_OCCUPATION, "shop-3", start, start + 1, windowMs, 8))
        .isEmpty();
    // The old one takes an alert near its own span; another zone's never match.
    assertThat(store.openInZoneNear("cam-1", AlertScene.STREET_OCCUPATION, "shop-3", old.lastAlertMs() + MINUTE,
        old.lastAlertMs() + 2 * MINUTE, windowMs, 8)).contains(old);
    assertThat(store.openInZoneNear("cam-1", AlertScene.STREET_OCCUPATION, "shop-4", old.lastAlertMs(),
        old.lastAlertMs(), windowMs, 8)).isEmpty();
  }
}
