package io.gridwatch.alerts.store;

import static io.gridwatch.alerts.TestData.MINUTE;
import static io.gridwatch.alerts.TestData.NOW;
import static io.gridwatch.alerts.TestData.alert;
import static io.gridwatch.alerts.TestData.incident;
import static io.gridwatch.alerts.TestData.withGridCell;
import static io.gridwatch.alerts.TestData.withStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.incident.Incident;
import io.gridwatch.contracts.incident.IncidentStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentStoreTest {

  @TempDir
  Path dir;

  IncidentStore store;

  @BeforeEach
  void open() {
    store = IncidentStore.open(dir.resolve("incidents"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void storedIncidentReadsBackEqual() {
    Incident incident = incident("cam-1", AlertScene.THROWING, null, NOW);
    store.put(incident, incident.alertIds());

    assertThat(store.get(incident.incidentId())).contains(incident);
    assertThat(store.count()).isEqualTo(1);
  }

  @Test
  void unknownIncidentAndAlertAreEmpty() {
    assertThat(store.get("inc-nope")).isEmpty();
    assertThat(store.incidentForAlert("al-nope")).isEmpty();
    assertThat(store.count()).isZero();
  }

  @Test
  void alertsAreIndexedToTheirIncident() {
    Incident incident = incident("cam-1", AlertScene.STREET_OCCUPATION, "shop-3", NOW);
    Incident merged = incident.merge(alert(NOW), NOW + 1);
    store.put(incident, incident.alertIds());
    store.put(merged, List.of(alert(NOW).alertId()));

    assertThat(store.incidentForAlert(incident.alertIds().get(0))).contains(incident.incidentId());
    assertThat(store.incidentForAlert(alert(NOW).alertId())).contains(incident.incidentId());
    assertThat(store.get(incident.incidentId())).contains(merged);
  }

  @Test
  void updatingAnIncidentKeepsOneEntry() {
    Incident incident = incident("cam-1", AlertScene.THROWING, null, NOW);
    store.put(incident, incident.alertIds());
    store.put(withStatus(incident, IncidentStatus.DISPATCHED), List.of());

    assertThat(store.count()).isEqualTo(1);
    IncidentPage page = store.list(0, 10, IncidentFilter.ALL);
    assertThat(page.total()).isEqualTo(1);
    assertThat(page.items()).singleElement()
        .satisfies(i -> assertThat(i.status()).isEqualTo(IncidentStatus.DISPATCHED));
  }

  @Test
  void incidentsSurviveCloseAndReopen() {
    Incident a = incident("cam-1", AlertScene.THROWING, null, NOW);
    Incident b = incident("cam-2", AlertScene.RIVER_DEBRIS, null, NOW + MINUTE);
    store.put(a, a.alertIds());
    store.put(b, b.alertIds());
    store.close();

    store = IncidentStore.open(dir.resolve("incidents"));

    assertThat(store.count()).isEqualTo(2);
    assertThat(store.get(a.incidentId())).contains(a);
    assertThat(store.incidentForAlert(b.alertIds().get(0))).contains(b.incidentId());
    assertThat(store.list(0, 10, IncidentFilter.ALL).items()).containsExactly(b, a);
  }

  @Test
  void listsNewestFirst() {
    Incident old = incident("cam-1", AlertScene.THROWING, null, NOW);
    Incident newest = incident("cam-1", AlertScene.THROWING, null, NOW + 2 * MINUTE);
    Incident middle = incident("cam-2", AlertScene.THROWING, null, NOW + MINUTE);
    for (Incident i : List.of(old, newest, middle)) {
      store.put(i, i.alertIds());
    }

    assertThat(store.list(0, 10, IncidentFilter.ALL).items()).containsExactly(newest, middle, old);
  }

  @Test
  void pagesKeepTheTotalOfAllMatches() {
    for (int n = 0; n < 7; n++) {
      Incident i = incident("cam-1", AlertScene.THROWING, null, NOW + n * MINUTE);
      store.put(i, i.alertIds());
    }

    IncidentPage page = store.list(2, 3, IncidentFilter.ALL);

    assertThat(page.total()).isEqualTo(7);
    assertThat(page.offset()).isEqualTo(2);
    assertThat(page.limit()).isEqualTo(3);
    assertThat(page.items()).extracting(Incident::createdMs)
        .containsExactly(NOW + 4 * MINUTE, NOW + 3 * MINUTE, NOW + 2 * MINUTE);
    assertThat(store.list(6, 3, IncidentFilter.ALL).items()).hasSize(1);
    assertThat(store.list(7, 3, IncidentFilter.ALL).items()).isEmpty();
  }

  @Test
  void filtersByStatusCameraGridCellAndScene() {
    Incident throwing = incident("cam-1", AlertScene.THROWING, null, NOW);
    Incident resolved = withStatus(incident("cam-1", AlertScene.STREET_OCCUPATION, "shop-3", NOW + MINUTE),
        IncidentStatus.RESOLVED);
    Incident otherCell = withGridCell(incident("cam-2", AlertScene.STREET_OCCUPATION, "shop-1", NOW + 2 * MINUTE),
        "g-02");
    for (Incident i : List.of(throwing, resolved, otherCell)) {
      store.put(i, i.alertIds());
    }

    assertThat(store.list(0, 10, IncidentFilter.ALL.withStatus(IncidentStatus.RESOLVED)).items())
        .containsExactly(resolved);
    assertThat(store.list(0, 10, IncidentFilter.ALL.withCameraId("cam-1")).items())
        .containsExactly(resolved, throwing);
    assertThat(store.list(0, 10, IncidentFilter.ALL.withGridCellId("g-02")).items()).containsExactly(otherCell);
    IncidentPage streets = store.list(0, 1, IncidentFilter.ALL.withScene(AlertScene.STREET_OCCUPATION));
    assertThat(streets.total()).isEqualTo(2);
    assertThat(streets.items()).containsExactly(otherCell);
    assertThat(store.list(0, 10, IncidentFilter.ALL.withCameraId("cam-2").withScene(AlertScene.THROWING))
        .total()).isZero();
  }

  @Test
  void recentInZoneListsOnlyThatZoneNewestFirst() {
    Incident first = incident("cam-1", AlertScene.STREET_OCCUPATION, "shop-3", NOW);
    Incident second = incident("cam-1", AlertScene.STREET_OCCUPATION, "shop-3", NOW + MINUTE);
    Incident otherZone = incident("cam-1", AlertScene.STREET_OCCUPATION, "shop-30", NOW + 2 * MINUTE);
    Incident noZone = incident("cam-1", AlertScene.STREET_OCCUPATION, null, NOW + 3 * MINUTE);
    Incident otherScene = incident("cam-1", AlertScene.RIVER_INTRUSION, "shop-3", NOW + 4 * MINUTE);
    for (Incident i : List.of(first, second, otherZone, noZone, otherScene)) {
      store.put(i, i.alertIds());
    }

    assertThat(store.recentInZone("cam-1", AlertScene.STREET_OCCUPATION, "shop-3", 10))
        .containsExactly(second, first);
    assertThat(store.recentInZone("cam-1", AlertScene.STREET_OCCUPATION, "shop-3", 1)).containsExactly(second);
    assertThat(store.recentInZone("cam-1", AlertScene.STREET_OCCUPATION, null, 10)).containsExactly(noZone);
    assertThat(store.recentInZone("cam-9", AlertScene.STREET_OCCUPATION, "shop-3", 10)).isEmpty();
  }

  @Test
  void alertOfAnotherIncidentIsRefusedAndNothingIsWritten() {
    Incident a = incident("cam-1", AlertScene.THROWING, null, NOW);
    store.put(a, a.alertIds());
    Incident b = incident("cam-2", AlertScene.THROWING, null, NOW + MINUTE);
    Incident bWithAlertOfA = new Incident(b.incidentId(), b.status(), b.cameraId(), b.gridCellId(), b.scene(),
        b.zone(), b.assignee(), List.of(b.alertIds().get(0), a.alertIds().get(0)), b.firstAlertMs(),
        b.lastAlertMs(), b.confidence(), b.details(), b.evidence(), b.createdMs(), b.updatedMs());

    assertThatThrownBy(() -> store.put(bWithAlertOfA, bWithAlertOfA.alertIds()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(a.alertIds().get(0))
        .hasMessageContaining(a.incidentId())
        .hasMessageContaining(b.incidentId());
    assertThat(store.get(b.incidentId())).isEmpty();
    assertThat(store.incidentForAlert(b.alertIds().get(0))).isEmpty();
    assertThat(store.count()).isEqualTo(1);
  }

  @Test
  void alertIdOutsideTheIncidentIsRefused() {
    Incident a = incident("cam-1", AlertScene.THROWING, null, NOW);

    assertThatThrownBy(() -> store.put(a, List.of("al-stranger")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("al-stranger")
        .hasMessageContaining(a.incidentId());
    assertThat(store.count()).isZero();
  }

  @Test
  void secondStoreOnTheSameDirectoryFailsNamingIt() {
    Path same = dir.resolve("incidents");

    assertThatThrownBy(() -> IncidentStore.open(same))
        .isInstanceOf(IncidentStoreException.class)
        .hasMessageContaining(same.toString());
  }

  @Test
  void closedStoreRefusesCallsNamingItsDirectory() {
    store.close();

    assertThatThrownBy(() -> store.get("inc-x"))
        .isInstanceOf(IncidentStoreException.class)
        .hasMessageContaining("closed")
        .hasMessageContaining(dir.toString());
    store.close(); // idempotent
  }

  @Test
  void badPagingIsRefused() {
    assertThatThrownBy(() -> store.list(-1, 10, IncidentFilter.ALL)).hasMessageContaining("offset");
    assertThatThrownBy(() -> store.list(0, 0, IncidentFilter.ALL)).hasMessageContaining("limit");
  }
}
