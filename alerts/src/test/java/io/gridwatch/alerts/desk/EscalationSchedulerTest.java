package io.gridwatch.alerts.desk;

import static io.gridwatch.alerts.TestData.MINUTE;
import static io.gridwatch.alerts.TestData.NOW;
import static io.gridwatch.alerts.TestData.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.alerts.ingest.IncidentIngestor;
import io.gridwatch.alerts.ingest.IncidentRouter;
import io.gridwatch.alerts.lifecycle.AuditEntry;
import io.gridwatch.alerts.lifecycle.IncidentCommand;
import io.gridwatch.alerts.lifecycle.IncidentLifecycle;
import io.gridwatch.alerts.lifecycle.TimeLimits;
import io.gridwatch.alerts.store.IncidentStore;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.incident.EscalationLevel;
import io.gridwatch.contracts.incident.Incident;
import io.gridwatch.contracts.incident.IncidentStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EscalationSchedulerTest {

  @TempDir
  Path dir;

  IncidentStore store;
  final IncidentLifecycle lifecycle = new IncidentLifecycle(TimeLimits.defaults());
  final AtomicLong now = new AtomicLong(NOW);

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private Clock clock() {
    return new Clock() {
      @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return Instant.ofEpochMilli(now.get()); }
    };
  }

  /** A HIGH throwing incident (accept within 5 min) stored at NOW, then the store closed. */
  private String storedThrowingIncident() {
    store = IncidentStore.open(dir.resolve("incidents"));
    var ingestor = new IncidentIngestor(store, new IncidentRouter(io.gridwatch.alerts.TestData.site()),
        IncidentIngestor.DEFAULT_MERGE_WINDOW, lifecycle);
    String id = ingestor.apply(alert("cam-1", AlertScene.THROWING, null, NOW - MINUTE), NOW).incident().incidentId();
    store.close();
    return id;
  }

  @Test
  void limitThatPassedWhileTheServiceWasDownEscalatesOnTheFirstScanAfterRestart() {
    String id = storedThrowingIncident();
    now.set(NOW + 6 * MINUTE); // service "restarts" after the 5-minute accept limit
    store = IncidentStore.open(dir.resolve("incidents"));
    var scheduler = new EscalationScheduler(store, new IncidentDesk(store, lifecycle), clock(), Duration.ofSeconds(1));

    assertThat(scheduler.scan()).isEqualTo(1);

    Incident escalated = store.get(id).orElseThrow();
    assertThat(escalated.status()).isEqualTo(IncidentStatus.ESCALATED);
    assertThat(escalated.escalation()).isEqualTo(EscalationLevel.COMMUNITY);
    AuditEntry line = store.audit(id).get(1);
    assertThat(line.actor()).isEqualTo(IncidentCommand.SYSTEM);
    assertThat(line.reason()).startsWith("to community: red limit passed: accept was due at");
    assertThat(scheduler.scan()).as("nothing more is due").isZero();
  }

  @Test
  void escalationRepeatsUpToTheDistrictAndStops() {
    String id = storedThrowingIncident();
    store = IncidentStore.open(dir.resolve("incidents"));
    var scheduler = new EscalationScheduler(store, new IncidentDesk(store, lifecycle), clock(), Duration.ofSeconds(1));
    for (int minutes : new int[] {6, 12, 18, 24, 30}) {
      now.set(NOW + minutes * MINUTE);
      scheduler.scan();
    }
    Incident i = store.get(id).orElseThrow();
    assertThat(i.escalation()).isEqualTo(EscalationLevel.DISTRICT);
    assertThat(store.audit(id)).extracting(AuditEntry::action)
        .containsExactly("report", "escalate", "escalate", "escalate");
    assertThat(store.dueBy(Long.MAX_VALUE, 10)).isEmpty();
  }

  @Test
  void incidentAcceptedInTimeIsNotEscalated() {
    String id = storedThrowingIncident();
    store = IncidentStore.open(dir.resolve("incidents"));
    IncidentDesk desk = new IncidentDesk(store, lifecycle);
    desk.apply(id, new IncidentCommand.Dispatch("op", NOW + MINUTE, null, ""));
    desk.apply(id, new IncidentCommand.Accept("w-1", NOW + 2 * MINUTE, ""));
    var scheduler = new EscalationScheduler(store, desk, clock(), Duration.ofSeconds(1));

    now.set(NOW + 6 * MINUTE); // past the accept limit, within the 15-minute verify limit
    assertThat(scheduler.scan()).isZero();
    assertThat(store.get(id).orElseThrow().status()).isEqualTo(IncidentStatus.ACCEPTED);
  }

  @Test
  void startedSchedulerScansAtOnce() throws Exception {
    String id = storedThrowingIncident();
    now.set(NOW + 6 * MINUTE);
    store = IncidentStore.open(dir.resolve("incidents"));
    try (var scheduler = new EscalationScheduler(store, new IncidentDesk(store, lifecycle), clock(),
        Duration.ofHours(1))) {
      scheduler.start();
      long until = System.nanoTime() + 10_000_000_000L;
      while (store.get(id).orElseThrow().status() != IncidentStatus.ESCALATED && System.nanoTime() < until) {
        Thread.sleep(20);
      }
    }
    assertThat(store.get(id).orElseThrow().status()).isEqualTo(IncidentStatus.ESCALATED);
  }
}
