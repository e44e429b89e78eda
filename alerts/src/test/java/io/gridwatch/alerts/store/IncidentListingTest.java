package io.gridwatch.alerts.store;

import static io.gridwatch.alerts.TestData.NOW;
import static io.gridwatch.alerts.TestData.incident;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.incident.Incident;
import io.gridwatch.contracts.incident.IncidentStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * Listings against the store's indexes: whatever index a filter is served from, the page and the
 * total are those of filtering every incident by hand.
 */
class IncidentListingTest {

  private static final String[] CELLS = {"g-01", "g-02", "g-03", "g-04"};
  private static final String[] CAMERAS = {"cam-1", "cam-2", "cam-3", "cam-4", "cam-5", "cam-6"};
  private static final String[] ASSIGNEES = {"w-1", "w-2", "w-3", null};
  private static final IncidentStatus[] STATUSES = IncidentStatus.values();
  private static final AlertScene[] SCENES = {AlertScene.THROWING, AlertScene.STREET_OCCUPATION,
      AlertScene.RIVER_DEBRIS};

  @TempDir
  Path dir;

  @Test
  void everyFilterCombinationListsWhatFilteringByHandFinds() {
    Random random = new Random(7);
    try (IncidentStore store = IncidentStore.open(dir.resolve("incidents"))) {
      Map<String, Incident> latest = storeVaried(store, random, 400);
      for (int round = 0; round < 300; round++) {
        IncidentFilter filter = randomFilter(random);
        int offset = random.nextInt(4) == 0 ? random.nextInt(30) : 0;
        int limit = 1 + random.nextInt(25);
        assertListsLikeByHand(store, latest.values(), filter, offset, limit);
      }
    }
  }

  @Test
  void aWorkersSeveralCellsAreMergedNewestFirstWithTheirTotal() {
    Random random = new Random(11);
    try (IncidentStore store = IncidentStore.open(dir.resolve("incidents"))) {
      Map<String, Incident> latest = storeVaried(store, random, 200);
      IncidentFilter twoCells = IncidentFilter.ALL.withinCells(Set.of("g-01", "g-03"));

      assertListsLikeByHand(store, latest.values(), twoCells, 0, 50);
      assertListsLikeByHand(store, latest.values(), twoCells.withStatus(IncidentStatus.REPORTED), 3, 10);
      assertThat(store.list(0, 10, twoCells.withGridCellId("g-02")).total())
          .as("a cell outside the worker's cells lists nothing").isZero();
    }
  }

  @Test
  void aStoreWrittenWithTheOlderIndexLayoutIsReindexedWhenOpened() throws Exception {
    Path path = dir.resolve("incidents");
    Map<String, Incident> latest;
    try (IncidentStore store = IncidentStore.open(path)) {
      latest = storeVaried(store, new Random(3), 150);
    }
    downgradeToFirstLayout(path);

    try (IncidentStore store = IncidentStore.open(path)) {
      Random random = new Random(5);
      for (int round = 0; round < 60; round++) {
        assertListsLikeByHand(store, latest.values(), randomFilter(random), 0, 20);
      }
    }
  }

  /** Stores {@code n} incidents spread over every field, then changes a third of them. */
  private static Map<String, Incident> storeVaried(IncidentStore store, Random random, int n) {
    Map<String, Incident> latest = new HashMap<>();
    for (int k = 0; k < n; k++) {
      // Some share a created time, so that ties are ordered by incident id.
      long created = NOW + (k / 3) * 1_000L;
      Incident base = incident(pick(random, CAMERAS), pick(random, SCENES), "z-" + random.nextInt(5), created);
      Incident i = with(base, pick(random, STATUSES), pick(random, CELLS), pick(random, ASSIGNEES));
      store.put(i, i.alertIds());
      latest.put(i.incidentId(), i);
    }
    for (Incident i : new ArrayList<>(latest.values())) {
      if (random.nextInt(3) == 0) {
        Incident changed = with(i, pick(random, STATUSES), i.gridCellId(), pick(random, ASSIGNEES));
        store.put(changed, List.of());
        latest.put(changed.incidentId(), changed);
      }
    }
    return latest;
  }

  private static IncidentFilter randomFilter(Random random) {
    IncidentFilter f = IncidentFilter.ALL;
    if (random.nextBoolean()) {
      f = f.withStatus(pick(random, STATUSES));
    }
    if (random.nextInt(3) == 0) {
      f = f.withCameraId(pick(random, CAMERAS));
    }
    if (random.nextInt(3) == 0) {
      f = f.withGridCellId(pick(random, CELLS));
    }
    if (random.nextInt(3) == 0) {
      f = f.withScene(pick(random, SCENES));
    }
    if (random.nextInt(3) == 0) {
      f = f.withAssignee(pick(random, new String[] {"w-1", "w-2", "w-3"}));
    }
    if (random.nextInt(4) == 0) {
      f = f.withinCells(new java.util.HashSet<>(List.of(pick(random, CELLS), pick(random, CELLS))));
    }
    return f;
  }

  private static void assertListsLikeByHand(IncidentStore store, java.util.Collection<Incident> all,
      IncidentFilter filter, int offset, int limit) {
    List<Incident> expected = all.stream().filter(filter::matches)
        .sorted(Comparator.comparingLong(Incident::createdMs).reversed().thenComparing(Incident::incidentId))
        .toList();
    IncidentPage page = store.list(offset, limit, filter);
    assertThat(page.total()).as("total of %s", filter).isEqualTo(expected.size());
    assertThat(page.items()).as("page %d+%d of %s", offset, limit, filter)
        .containsExactlyElementsOf(expected.subList(Math.min(offset, expected.size()),
            Math.min(offset + limit, expected.size())));
  }

  /**
   * Turns the store into what the first index layout wrote: no index version, empty index
   * values, and none of the indexes added since.
   */
  private static void downgradeToFirstLayout(Path path) throws Exception {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
    List<String> names = new ArrayList<>();
    try (Options options = new Options()) {
      for (byte[] name : RocksDB.listColumnFamilies(options, path.toString())) {
        String s = new String(name, java.nio.charset.StandardCharsets.UTF_8);
        if (!s.equals("default")) {
          descriptors.add(new ColumnFamilyDescriptor(name));
          names.add(s);
        }
      }
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (org.rocksdb.DBOptions options = new org.rocksdb.DBOptions();
        RocksDB db = RocksDB.open(options, path.toString(), descriptors, handles)) {
      db.delete(handles.get(0), "index-version".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (int k = 0; k < names.size(); k++) {
        String name = names.get(k);
        ColumnFamilyHandle h = handles.get(k + 1);
        boolean added = name.startsWith("by-status-") || name.equals("by-scene");
        boolean keysOnly = name.equals("by-created") || name.equals("by-status") || name.equals("by-cell")
            || name.equals("by-assignee") || name.equals("by-camera");
        List<byte[]> keys = new ArrayList<>();
        try (RocksIterator it = db.newIterator(h)) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            keys.add(it.key());
          }
        }
        for (byte[] key : keys) {
          if (added) {
            db.delete(h, key);
          } else if (keysOnly) {
            db.put(h, key, new byte[0]);
          }
        }
      }
      handles.forEach(ColumnFamilyHandle::close);
    }
  }

  private static Incident with(Incident i, IncidentStatus status, String cell, String assignee) {
    return new Incident(i.incidentId(), status, i.cameraId(), cell, i.scene(), i.zone(), assignee, i.alertIds(),
        i.firstAlertMs(), i.lastAlertMs(), i.confidence(), i.details(), i.evidence(), i.createdMs(),
        i.updatedMs());
  }

  private static <T> T pick(Random random, T[] values) {
    return values[random.nextInt(values.length)];
  }
}
