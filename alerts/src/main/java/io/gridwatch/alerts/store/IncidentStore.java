package io.gridwatch.alerts.store;

import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.incident.Incident;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import io.gridwatch.alerts.lifecycle.AuditEntry;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grid incidents on disk, in RocksDB (the {@code org.rocksdb} API of the FRocksDB fork Flink
 * ships, so that one RocksDB jar serves the whole classpath).
 *
 * <p>Column families:
 * <ul>
 *   <li>{@code incidents}: incident id → incident JSON ({@link IncidentJson})</li>
 *   <li>{@code alerts}: alert id → incident id; makes ingestion idempotent</li>
 *   <li>{@code by-created}: newest-first created time + incident id → {@link Facets}; listing order</li>
 *   <li>{@code by-zone}: camera, scene, zone + newest-first created time + incident id → (empty);
 *       finds the incidents an alert may merge into</li>
 *   <li>{@code audit}: incident id + sequence number → audit line JSON; only ever appended</li>
 *   <li>{@code by-status}, {@code by-cell}, {@code by-assignee}, {@code by-camera}, {@code by-scene},
 *       and the pairs {@code by-status-cell}, {@code by-status-camera}, {@code by-status-assignee},
 *       {@code by-status-scene}:
 *       value + newest-first created time + incident id → {@link Facets}; filtered listings</li>
 *   <li>{@code deadlines}: due time + incident id → (empty), for incidents whose deadline
 *       escalates; the escalation scheduler scans it from the oldest</li>
 *   <li>{@code outbox}: sequence number → message to publish (verification feedback), written
 *       with the change that causes it and deleted once the publisher has it acknowledged</li>
 *   <li>{@code default}: the incident count, the number of entries per index value, the
 *       number of audit lines per incident</li>
 * </ul>
 * All the entries of one {@link #put} are written in one atomic {@link WriteBatch}, so the
 * indexes never disagree with the incidents after a crash.
 *
 * <p>Thread-safe: reads run concurrently, writes and {@link #close()} are exclusive. Data survives
 * {@link #close()} and a later {@link #open(Path)} of the same directory. A directory is opened by
 * one store at a time (RocksDB locks it).
 */
public final class IncidentStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IncidentStore.class);

  private static final byte[] EMPTY = new byte[0];
  private static final byte[] COUNT_KEY = Keys.utf8("incident-count");
  private static final List<String> FAMILIES = List.of("incidents", "alerts", "by-created", "by-zone",
      "audit", "by-status", "by-cell", "by-assignee", "by-camera", "deadlines", "outbox",
      "by-status-cell", "by-status-camera", "by-status-assignee", "by-scene", "by-status-scene");
  /**
   * Layout of the index entries: 1 = keys only; 2 = values carry {@link Facets} and the
   * status-pair indexes exist. A store of an older layout is re-indexed when opened.
   */
  private static final long INDEX_VERSION = 2;
  private static final byte[] INDEX_VERSION_KEY = Keys.utf8("index-version");
  private static final String PAIR_SEPARATOR = "\u0000";
  private static final String OUTBOX_SEQ = "outbox-seq";
  private static final com.fasterxml.jackson.databind.ObjectMapper AUDIT_JSON = IncidentJson.newMapper();

  static {
    RocksDB.loadLibrary();
  }

  private final Path dataDir;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final WriteOptions writeOptions;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles;
  private final ColumnFamilyHandle meta;
  private final ColumnFamilyHandle incidents;
  private final ColumnFamilyHandle alerts;
  private final ColumnFamilyHandle byCreated;
  private final ColumnFamilyHandle byZone;
  private final ColumnFamilyHandle audit;
  private final ColumnFamilyHandle deadlines;
  private final ColumnFamilyHandle outbox;
  /** The secondary indexes by name, each with how it reads its value off an incident. */
  private final java.util.Map<String, Index> indexes = new java.util.LinkedHashMap<>();
  /** Cache of the per-value counters in {@code meta}; read through on a miss, written with the batch. */
  private final java.util.Map<String, Long> counters = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<java.util.function.Consumer<IncidentChange>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private long count;
  private boolean closed;

  private IncidentStore(Path dataDir, DBOptions dbOptions, ColumnFamilyOptions cfOptions, RocksDB db,
      List<ColumnFamilyHandle> handles) throws RocksDBException {
    this.dataDir = dataDir;
    this.dbOptions = dbOptions;
    this.cfOptions = cfOptions;
    this.writeOptions = new WriteOptions();
    this.db = db;
    this.handles = handles;
    this.meta = handles.get(0);
    this.incidents = handles.get(1);
    this.alerts = handles.get(2);
    this.byCreated = handles.get(3);
    this.byZone = handles.get(4);
    this.audit = handles.get(5);
    this.indexes.put("status", new Index("status", handles.get(6), i -> i.status().name()));
    this.indexes.put("cell", new Index("cell", handles.get(7), Incident::gridCellId));
    this.indexes.put("assignee", new Index("assignee", handles.get(8), Incident::assignee));
    this.indexes.put("camera", new Index("camera", handles.get(9), Incident::cameraId));
    this.indexes.put("scene", new Index("scene", handles.get(15), i -> i.scene().wireName()));
    this.indexes.put("status-scene", new Index("status-scene", handles.get(16),
        i -> statusPair(i.status().name(), i.scene().wireName())));
    this.deadlines = handles.get(10);
    this.outbox = handles.get(11);
    // A console's usual question is "open incidents of this cell / camera / worker": each pair
    // has its own index, so that both its page and its total are read, never counted.
    this.indexes.put("status-cell", new Index("status-cell", handles.get(12),
        i -> statusPair(i.status().name(), i.gridCellId())));
    this.indexes.put("status-camera", new Index("status-camera", handles.get(13),
        i -> statusPair(i.status().name(), i.cameraId())));
    this.indexes.put("status-assignee", new Index("status-assignee", handles.get(14),
        i -> statusPair(i.status().name(), i.assignee())));
    this.count = Keys.longOf(db.get(meta, COUNT_KEY));
    upgradeIndexes();
  }

  private static String statusPair(String status, String value) {
    return status + PAIR_SEPARATOR + (value == null ? "" : value);
  }

  /**
   * Brings a store written with an older index layout up to {@link #INDEX_VERSION}: every
   * incident's index entries are written again (with their facets), and the counters of every
   * index are recounted. Runs once, at open, before the store is shared.
   */
  private void upgradeIndexes() throws RocksDBException {
    long version = Keys.longOf(db.get(meta, INDEX_VERSION_KEY));
    if (version >= INDEX_VERSION) {
      return;
    }
    if (count > 0) {
      LOG.info("Incident store in {}: re-indexing {} incidents for index layout {} (was {})", dataDir, count,
          INDEX_VERSION, version);
      long started = System.nanoTime();
      java.util.Map<String, Long> recount = new java.util.HashMap<>();
      long done = 0;
      try (RocksIterator it = db.newIterator(incidents)) {
        WriteBatch batch = new WriteBatch();
        try {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            Incident i = parse(Keys.string(it.key()), it.value());
            byte[] facets = Facets.of(i).encode();
            batch.put(byCreated, Keys.byCreated(i.createdMs(), i.incidentId()), facets);
            for (Index index : indexes.values()) {
              String value = index.valueOf(i);
              batch.put(index.handle, Keys.indexed(value, i.createdMs(), i.incidentId()), facets);
              recount.merge(index.counterKey(value), 1L, Long::sum);
            }
            if (++done % 50_000 == 0) {
              db.write(writeOptions, batch);
              batch.close();
              batch = new WriteBatch();
              LOG.info("Incident store in {}: re-indexed {} of {} incidents", dataDir, done, count);
            }
          }
          it.status();
          for (var e : recount.entrySet()) {
            batch.put(meta, Keys.utf8(e.getKey()), Keys.longValue(e.getValue()));
          }
          batch.put(meta, INDEX_VERSION_KEY, Keys.longValue(INDEX_VERSION));
          db.write(writeOptions, batch);
        } finally {
          batch.close();
        }
      }
      db.flushWal(true);
      LOG.info("Incident store in {}: re-indexed {} incidents in {} s", dataDir, done,
          (System.nanoTime() - started) / 1_000_000_000);
    } else {
      db.put(meta, INDEX_VERSION_KEY, Keys.longValue(INDEX_VERSION));
    }
  }

  /**
   * Opens the store in {@code dataDir}, creating the directory and the database when missing and
   * reusing the incidents already stored otherwise.
   *
   * @throws IncidentStoreException naming the directory when it cannot be opened (e.g. another
   *                                store holds it)
   */
  public static IncidentStore open(Path dataDir) {
    Path dir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IncidentStoreException("cannot create incident store directory " + dir, e);
    }
    DBOptions dbOptions = new DBOptions()
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        // RocksDB's own LOG files: a few are enough to diagnose, the rest is clutter in the data dir.
        .setKeepLogFileNum(3)
        // Writes go to the WAL's buffer; sync() writes and fsyncs it. Nothing is acknowledged
        // before a sync (Kafka offsets, API commands), so a crash loses only unacknowledged work,
        // which is redone, and ingestion saves a write() system call per alert.
        .setManualWalFlush(true)
        .setMaxBackgroundJobs(2);
    // Most point lookups miss (a new alert id, a new incident id): a Bloom filter answers those
    // without reading every SST file's blocks.
    org.rocksdb.BlockBasedTableConfig table = new org.rocksdb.BlockBasedTableConfig()
        .setFilterPolicy(new org.rocksdb.BloomFilter(10, false))
        .setBlockCacheSize(64L << 20);
    ColumnFamilyOptions cfOptions = new ColumnFamilyOptions().setTableFormatConfig(table);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (String name : FAMILIES) {
      descriptors.add(new ColumnFamilyDescriptor(Keys.utf8(name), cfOptions));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    RocksDB db = null;
    try {
      db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      IncidentStore store = new IncidentStore(dir, dbOptions, cfOptions, db, handles);
      LOG.info("Incident store opened in {} with {} incidents", dir, store.count);
      return store;
    } catch (RocksDBException | RuntimeException e) {
      handles.forEach(ColumnFamilyHandle::close);
      if (db != null) {
        db.close();
      }
      dbOptions.close();
      cfOptions.close();
      throw new IncidentStoreException("cannot open incident store in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The directory this store keeps its data in. */
  public Path dataDir() {
    return dataDir;
  }

  /** The incident with this id, if stored. */
  public Optional<Incident> get(String incidentId) {
    Objects.requireNonNull(incidentId, "incidentId");
    return read(() -> Optional.ofNullable(load(incidentId, null)));
  }

  /** The id of the incident this alert was merged into, if it has been ingested. */
  public Optional<String> incidentForAlert(String alertId) {
    Objects.requireNonNull(alertId, "alertId");
    return read(() -> {
      try {
        byte[] id = db.get(alerts, Keys.utf8(alertId));
        return Optional.ofNullable(id).map(Keys::string);
      } catch (RocksDBException e) {
        throw failure("cannot look up alert '" + alertId + "'", e);
      }
    });
  }

  /**
   * Stores {@code incident} (new, or a new version of a stored one) and indexes
   * {@code newAlertIds} to it, in one atomic write.
   *
   * @param newAlertIds alerts to index to this incident; each must be one of
   *                    {@code incident.alertIds()}
   * @throws IllegalArgumentException when an alert id is not part of the incident, or already
   *                                  belongs to another incident (the store is left unchanged)
   */
  public void put(Incident incident, List<String> newAlertIds) {
    put(incident, newAlertIds, null);
  }

  /**
   * Stores {@code incident} as {@link #put(Incident, List)} does and appends {@code auditLine}
   * (when not null) to its audit log, numbered next, in the same atomic write; then tells the
   * listeners.
   */
  public void put(Incident incident, List<String> newAlertIds, AuditEntry auditLine) {
    put(incident, newAlertIds, auditLine, null);
  }

  /**
   * As {@link #put(Incident, List, AuditEntry)}, and queues {@code outboxMessage} (when not
   * null) for publishing in the same atomic write: the message is sent if and only if the change
   * is stored, whatever crashes in between.
   */
  public void put(Incident incident, List<String> newAlertIds, AuditEntry auditLine, byte[] outboxMessage) {
    Objects.requireNonNull(incident, "incident");
    Objects.requireNonNull(newAlertIds, "newAlertIds");
    String id = incident.incidentId();
    byte[] idBytes = Keys.utf8(id);
    byte[] json = IncidentJson.toBytes(incident);
    write(() -> {
      AuditEntry stored = null;
      try (WriteBatch batch = new WriteBatch()) {
        for (String alertId : newAlertIds) {
          if (!incident.alertIds().contains(alertId)) {
            throw new IllegalArgumentException("alert '" + alertId + "' is not one of incident '" + id
                + "' alertIds " + incident.alertIds());
          }
          byte[] owner = db.get(alerts, Keys.utf8(alertId));
          if (owner != null && !Keys.string(owner).equals(id)) {
            throw new IllegalArgumentException("alert '" + alertId + "' already belongs to incident '"
                + Keys.string(owner) + "', not to incident '" + id + "'");
          }
          batch.put(alerts, Keys.utf8(alertId), idBytes);
        }
        Incident previous = load(id, null);
        java.util.Map<String, Long> newCounters = new java.util.HashMap<>();
        if (previous != null) {
          // Created time, camera, scene and zone do not change today; if they ever do, the old
          // index entries must not point at this incident any more.
          batch.delete(byCreated, Keys.byCreated(previous.createdMs(), id));
          batch.delete(byZone, zoneKey(previous));
          for (Index index : indexes.values()) {
            String value = index.valueOf(previous);
            batch.delete(index.handle, Keys.indexed(value, previous.createdMs(), id));
            newCounters.merge(index.counterKey(value), -1L, Long::sum);
          }
          if (escalatingDeadline(previous)) {
            batch.delete(deadlines, Keys.deadline(previous.deadline().dueMs(), id));
          }
        }
        byte[] facets = Facets.of(incident).encode();
        batch.put(incidents, idBytes, json);
        batch.put(byCreated, Keys.byCreated(incident.createdMs(), id), facets);
        batch.put(byZone, zoneKey(incident), zoneValue(incident));
        for (Index index : indexes.values()) {
          String value = index.valueOf(incident);
          batch.put(index.handle, Keys.indexed(value, incident.createdMs(), id), facets);
          newCounters.merge(index.counterKey(value), 1L, Long::sum);
        }
        if (escalatingDeadline(incident)) {
          batch.put(deadlines, Keys.deadline(incident.deadline().dueMs(), id), EMPTY);
        }
        java.util.Map<String, Long> updated = new java.util.HashMap<>();
        for (var e : newCounters.entrySet()) {
          if (e.getValue() != 0) {
            long v = counter(e.getKey()) + e.getValue();
            updated.put(e.getKey(), v);
            batch.put(meta, Keys.utf8(e.getKey()), Keys.longValue(v));
          }
        }
        long newCount = previous == null ? count + 1 : count;
        batch.put(meta, COUNT_KEY, Keys.longValue(newCount));
        if (auditLine != null) {
          String seqKey = "audit-seq/" + id;
          long seq = counter(seqKey) + 1;
          stored = auditLine.withSeq(seq);
          batch.put(audit, Keys.audit(id, seq), auditJson(stored));
          batch.put(meta, Keys.utf8(seqKey), Keys.longValue(seq));
          updated.put(seqKey, seq);
        }
        if (outboxMessage != null) {
          long seq = counter(OUTBOX_SEQ) + 1;
          batch.put(outbox, Keys.longValue(seq), outboxMessage);
          batch.put(meta, Keys.utf8(OUTBOX_SEQ), Keys.longValue(seq));
          updated.put(OUTBOX_SEQ, seq);
        }
        db.write(writeOptions, batch);
        count = newCount;
        counters.putAll(updated);
      } catch (RocksDBException e) {
        throw failure("cannot store incident '" + id + "' with alerts " + newAlertIds, e);
      }
      IncidentChange change = new IncidentChange(incident, stored);
      for (var listener : listeners) {
        try {
          listener.accept(change);
        } catch (RuntimeException e) {
          LOG.warn("Incident store: a change listener failed on incident '{}': {}", id, e.toString());
        }
      }
    });
  }

  /**
   * Runs {@code body} holding the store's write lock, so that a read-modify-write (an alert
   * merged, a command applied) is not interleaved with another one.
   */
  public <T> T atomically(java.util.function.Supplier<T> body) {
    Lock w = lock.writeLock();
    w.lock();
    try {
      return body.get();
    } finally {
      w.unlock();
    }
  }

  /**
   * Registers {@code listener} for every stored change, called on the writing thread while the
   * write lock is held (so changes arrive in store order); it must return quickly.
   */
  public void addListener(java.util.function.Consumer<IncidentChange> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** The audit log of an incident, oldest line first; empty for an unknown incident. */
  public List<AuditEntry> audit(String incidentId) {
    Objects.requireNonNull(incidentId, "incidentId");
    byte[] prefix = Keys.auditPrefix(incidentId);
    return read(() -> {
      List<AuditEntry> lines = new ArrayList<>();
      try (RocksIterator it = db.newIterator(audit)) {
        for (it.seek(prefix); it.isValid() && Keys.startsWith(it.key(), prefix); it.next()) {
          lines.add(AUDIT_JSON.readValue(it.value(), AuditEntry.class));
        }
        it.status();
      } catch (IOException e) {
        throw new IncidentStoreException("audit log of incident '" + incidentId + "' in " + dataDir
            + " is unreadable: " + e.getMessage(), e);
      }
      return lines;
    });
  }

  /**
   * Ids of incidents whose escalating deadline is at or before {@code nowMs}, oldest due first.
   *
   * @param max largest number of ids returned
   */
  public List<String> dueBy(long nowMs, int max) {
    return read(() -> {
      List<String> ids = new ArrayList<>();
      try (RocksIterator it = db.newIterator(deadlines)) {
        for (it.seekToFirst(); it.isValid() && ids.size() < max; it.next()) {
          if (Keys.dueOfDeadline(it.key()) > nowMs) {
            break;
          }
          ids.add(Keys.incidentIdOfByCreated(it.key()));
        }
        it.status();
      }
      return ids;
    });
  }

  /** A message waiting in the outbox: its sequence number and bytes. */
  public record OutboxMessage(long seq, byte[] message) {}

  /** The oldest {@code max} messages of the outbox, oldest first. */
  public List<OutboxMessage> outbox(int max) {
    return read(() -> {
      List<OutboxMessage> found = new ArrayList<>();
      try (RocksIterator it = db.newIterator(outbox)) {
        for (it.seekToFirst(); it.isValid() && found.size() < max; it.next()) {
          found.add(new OutboxMessage(Keys.longOf(it.key()), it.value()));
        }
        it.status();
      }
      return found;
    });
  }

  /** Removes published messages from the outbox, synced to disk. */
  public void removeFromOutbox(List<OutboxMessage> published) {
    write(() -> {
      try (WriteBatch batch = new WriteBatch()) {
        for (OutboxMessage m : published) {
          batch.delete(outbox, Keys.longValue(m.seq()));
        }
        db.write(writeOptions, batch);
      }
    });
  }

  /** Every stored incident, in no particular order; for statistics. */
  public void forEach(java.util.function.Consumer<Incident> action) {
    read(() -> {
      try (RocksIterator it = db.newIterator(incidents)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          try {
            action.accept(IncidentJson.fromBytes(it.value()));
          } catch (IOException e) {
            throw new IncidentStoreException("incident '" + Keys.string(it.key()) + "' in " + dataDir
                + " is unreadable: " + e.getMessage(), e);
          }
        }
        it.status();
      }
      return null;
    });
  }

  private static boolean escalatingDeadline(Incident i) {
    return i.deadline() != null && i.deadline().escalates();
  }

  private static byte[] auditJson(AuditEntry line) {
    try {
      return AUDIT_JSON.writeValueAsBytes(line);
    } catch (IOException e) {
      throw new IllegalArgumentException("audit line of incident '" + line.incidentId() + "' cannot be written", e);
    }
  }

  /** A counter of {@code meta}, read through the cache. Call with the lock held. */
  private long counter(String key) throws RocksDBException {
    Long v = counters.get(key);
    if (v == null) {
      v = Keys.longOf(db.get(meta, Keys.utf8(key)));
      counters.putIfAbsent(key, v);
    }
    return v;
  }

  /** One secondary index: a column family and the incident field it is keyed by. */
  private record Index(String name, ColumnFamilyHandle handle, java.util.function.Function<Incident, String> field) {
    String valueOf(Incident i) {
      String v = field.apply(i);
      return v == null ? "" : v;
    }

    String counterKey(String value) {
      return "count/" + name + "/" + value;
    }
  }

  /**
   * Forces the writes so far to stable storage: writes and fsyncs the write-ahead log. A
   * {@link #put} alone may be lost by a crash (the log is flushed by hand, see {@link #open});
   * after this it survives a crash of the process and of the machine. Call it before telling
   * anyone the writes are done, e.g. before committing Kafka offsets or answering a command.
   */
  public void sync() {
    write(() -> {
      try {
        db.flushWal(true);
      } catch (RocksDBException e) {
        throw failure("cannot sync the write-ahead log", e);
      }
    });
  }

  /** Number of incidents stored. */
  public long count() {
    return read(() -> count);
  }

  /**
   * One page of the incidents matching {@code filter}, newest (by created time) first.
   *
   * <p>The listing walks the index that holds the fewest entries for the filter (the per-value
   * counters say how many): a status pair, a single field, several cells merged in time order,
   * or creation order. When that index expresses the whole filter, only the page's incidents are
   * read and the total is a counter; otherwise the remaining criteria are judged from the facets
   * every index entry carries, still without reading the other incidents.
   *
   * @param offset matching incidents to skip, {@code >= 0}
   * @param limit  largest number of items, {@code >= 1}
   */
  public IncidentPage list(int offset, int limit, IncidentFilter filter) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    IncidentFilter f = filter == null ? IncidentFilter.ALL : filter;
    return read(() -> {
      // One snapshot for the count and the items, so that a page is consistent with its total.
      Snapshot snapshot = db.getSnapshot();
      try (ReadOptions options = new ReadOptions().setSnapshot(snapshot)) {
        Plan plan = planFor(f, offset + (long) limit, options);
        Facets.Matcher matcher = plan.exact ? null : Facets.matcher(f);
        List<Incident> items = new ArrayList<>();
        long matched = 0;
        try (MergedScan scan = new MergedScan(plan.ranges, snapshot)) {
          for (; scan.isValid(); scan.next()) {
            boolean match;
            if (plan.exact) {
              match = true;
            } else {
              byte[] value = scan.value();
              match = value.length > 0 ? matcher.matches(value) : f.matches(require(scan.incidentId(), options));
            }
            if (!match) {
              continue;
            }
            if (matched >= offset && items.size() < limit) {
              items.add(require(scan.incidentId(), options));
            }
            matched++;
            if (plan.exact && items.size() == limit) {
              break;
            }
          }
          scan.status();
        }
        long total = plan.exact ? plan.entries : matched;
        return new IncidentPage(total, offset, limit, items);
      } catch (RocksDBException e) {
        throw failure("cannot list incidents (offset " + offset + ", limit " + limit + ", " + f + ")", e);
      } finally {
        db.releaseSnapshot(snapshot);
      }
    });
  }

  /**
   * How a listing reads: the key ranges to merge, how many entries they hold, and whether every
   * entry in them matches the filter.
   */
  private record Plan(List<Range> ranges, long entries, boolean exact) {}

  /** One index value's entries: a column family and their key prefix. */
  private record Range(ColumnFamilyHandle handle, byte[] prefix) {}

  /**
   * The cheapest way to list {@code f} up to the {@code wanted}-th match: an exact plan stops
   * there, any other reads all its entries to count the matches.
   */
  private Plan planFor(IncidentFilter f, long wanted, ReadOptions options) throws RocksDBException {
    if (f.isAll()) {
      return new Plan(List.of(new Range(byCreated, new byte[0])), Keys.longOf(db.get(meta, options, COUNT_KEY)),
          true);
    }
    String status = f.status() == null ? null : f.status().name();
    List<Plan> choices = new ArrayList<>();
    // Cells: a worker's cells, narrowed to the one asked for, each its own range.
    java.util.SortedSet<String> cells = null;
    if (f.gridCellId() != null) {
      cells = new java.util.TreeSet<>(List.of(f.gridCellId()));
      if (f.cells() != null) {
        cells.retainAll(f.cells());
      }
    } else if (f.cells() != null) {
      cells = new java.util.TreeSet<>(f.cells());
    }
    if (cells != null) {
      boolean coversStatus = status != null;
      choices.add(plan(coversStatus ? "status-cell" : "cell",
          cells.stream().map(c -> coversStatus ? statusPair(status, c) : c).toList(),
          1 + (coversStatus ? 1 : 0), f, options));
    }
    for (String[] field : new String[][] {{"camera", f.cameraId()}, {"assignee", f.assignee()}}) {
      if (field[1] != null) {
        choices.add(status != null
            ? plan("status-" + field[0], List.of(statusPair(status, field[1])), 2, f, options)
            : plan(field[0], List.of(field[1]), 1, f, options));
      }
    }
    if (status != null) {
      choices.add(plan("status", List.of(status), 1, f, options));
    }
    if (f.scene() != null) {
      choices.add(status != null
          ? plan("status-scene", List.of(statusPair(status, f.scene().wireName())), 2, f, options)
          : plan("scene", List.of(f.scene().wireName()), 1, f, options));
    }
    Plan best = choices.get(0);
    for (Plan p : choices) {
      if (cost(p, wanted) < cost(best, wanted)) {
        best = p;
      }
    }
    return best;
  }

  private static long cost(Plan p, long wanted) {
    return p.exact ? Math.min(p.entries, wanted) : p.entries;
  }

  /**
   * Listing through {@code indexName} for {@code values}, which express {@code covered} of the
   * filter's criteria (a cell restriction and a cell id count as one, being merged into the
   * ranges).
   */
  private Plan plan(String indexName, List<String> values, int covered, IncidentFilter f, ReadOptions options)
      throws RocksDBException {
    Index index = indexes.get(indexName);
    List<Range> ranges = new ArrayList<>();
    long entries = 0;
    for (String value : values) {
      ranges.add(new Range(index.handle, Keys.valuePrefix(value)));
      entries += Keys.longOf(db.get(meta, options, Keys.utf8(index.counterKey(value))));
    }
    int criteria = f.criteria() - (f.gridCellId() != null && f.cells() != null ? 1 : 0);
    return new Plan(ranges, entries, covered == criteria);
  }

  /**
   * Several index ranges read as one, newest first: each range is ordered by newest-first time
   * and incident id after its prefix, so a merge on that suffix keeps the listing order. Each
   * range's iterator is bounded by RocksDB ({@code iterate_upper_bound}), so stepping over
   * entries (an offset, an exact count) reads neither keys nor values into Java.
   */
  private final class MergedScan implements AutoCloseable {
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<RocksIterator> iterators = new ArrayList<>();
    private final java.util.PriorityQueue<Cursor> queue = new java.util.PriorityQueue<>();
    private final boolean merging;
    private Cursor current;

    private record Cursor(RocksIterator it, int prefixLength, byte[] suffix) implements Comparable<Cursor> {
      @Override
      public int compareTo(Cursor o) {
        return java.util.Arrays.compareUnsigned(suffix, o.suffix);
      }
    }

    MergedScan(List<Range> ranges, Snapshot snapshot) {
      merging = ranges.size() > 1;
      for (Range r : ranges) {
        ReadOptions options = new ReadOptions().setSnapshot(snapshot);
        resources.add(options);
        byte[] end = Keys.successor(r.prefix);
        if (end != null) {
          org.rocksdb.Slice bound = new org.rocksdb.Slice(end);
          resources.add(bound);
          options.setIterateUpperBound(bound);
        }
        RocksIterator it = db.newIterator(r.handle, options);
        resources.add(it);
        iterators.add(it);
        it.seek(r.prefix);
        if (merging) {
          offer(new Cursor(it, r.prefix.length, null));
        } else if (it.isValid()) {
          current = new Cursor(it, r.prefix.length, null);
        }
      }
      if (merging) {
        current = queue.poll();
      }
    }

    private void offer(Cursor c) {
      if (c.it.isValid()) {
        byte[] key = c.it.key();
        queue.add(new Cursor(c.it, c.prefixLength, java.util.Arrays.copyOfRange(key, c.prefixLength, key.length)));
      }
    }

    boolean isValid() {
      return current != null;
    }

    String incidentId() {
      return current.suffix != null ? Keys.incidentIdOfByZone(current.suffix, 0)
          : Keys.incidentIdOfByZone(current.it.key(), current.prefixLength);
    }

    byte[] value() {
      return current.it.value();
    }

    void next() {
      current.it.next();
      if (merging) {
        offer(current);
        current = queue.poll();
      } else if (!current.it.isValid()) {
        current = null;
      }
    }

    void status() throws RocksDBException {
      for (RocksIterator it : iterators) {
        it.status();
      }
    }

    @Override
    public void close() {
      // Iterators before their options and bounds.
      for (int i = resources.size() - 1; i >= 0; i--) {
        try {
          resources.get(i).close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /**
   * The most recently created incidents of one camera, scene and zone, newest first: the
   * candidates a new alert of that zone may merge into.
   *
   * @param max largest number of incidents returned
   */
  public List<Incident> recentInZone(String cameraId, AlertScene scene, String zone, int max) {
    Objects.requireNonNull(cameraId, "cameraId");
    Objects.requireNonNull(scene, "scene");
    byte[] prefix = Keys.zonePrefix(cameraId, scene, zone);
    return read(() -> {
      List<Incident> found = new ArrayList<>();
      try (RocksIterator it = db.newIterator(byZone)) {
        for (it.seek(prefix); it.isValid() && found.size() < max; it.next()) {
          byte[] key = it.key();
          if (!Keys.startsWith(key, prefix)) {
            break;
          }
          found.add(require(Keys.incidentIdOfByZone(key, prefix.length), null));
        }
        it.status();
        return found;
      } catch (RocksDBException e) {
        throw failure("cannot list incidents of camera '" + cameraId + "', scene " + scene + ", zone '"
            + zone + "'", e);
      }
    });
  }

  /** Closes the database; later calls fail with {@link IncidentStoreException}. Idempotent. */
  @Override
  public void close() {
    Lock w = lock.writeLock();
    w.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        db.flushWal(true);
      } catch (RocksDBException e) {
        LOG.warn("Incident store in {}: cannot sync the write-ahead log on close: {}", dataDir, e.getMessage());
      }
      handles.forEach(ColumnFamilyHandle::close);
      db.close();
      writeOptions.close();
      dbOptions.close();
      cfOptions.close();
      LOG.info("Incident store in {} closed", dataDir);
    } finally {
      w.unlock();
    }
  }

  /**
   * What a merge needs to know without reading the incident: whether it is open, and the span
   * of its alerts. Entries written before this value existed are empty.
   */
  private static byte[] zoneValue(Incident i) {
    return java.nio.ByteBuffer.allocate(17).put((byte) (i.status().isOpen() ? 1 : 0))
        .putLong(i.firstAlertMs()).putLong(i.lastAlertMs()).array();
  }

  /**
   * The newest open incident of one camera, scene and zone whose alerts lie within
   * {@code windowMs} of {@code [startMs, endMs]}, among the {@code max} most recently created
   * ones of that zone. Reads only the incident it returns (the index holds status and span).
   */
  public Optional<Incident> openInZoneNear(String cameraId, AlertScene scene, String zone, long startMs, long endMs,
      long windowMs, int max) {
    Objects.requireNonNull(cameraId, "cameraId");
    Objects.requireNonNull(scene, "scene");
    byte[] prefix = Keys.zonePrefix(cameraId, scene, zone);
    return read(() -> {
      try (RocksIterator it = db.newIterator(byZone)) {
        int seen = 0;
        for (it.seek(prefix); it.isValid() && seen < max; it.next(), seen++) {
          byte[] key = it.key();
          if (!Keys.startsWith(key, prefix)) {
            break;
          }
          String id = Keys.incidentIdOfByZone(key, prefix.length);
          byte[] v = it.value();
          boolean open;
          long first;
          long last;
          Incident loaded = null;
          if (v.length == 17) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(v);
            open = b.get() == 1;
            first = b.getLong();
            last = b.getLong();
          } else {
            loaded = require(id, null);
            open = loaded.status().isOpen();
            first = loaded.firstAlertMs();
            last = loaded.lastAlertMs();
          }
          long gap = Math.max(0, Math.max(startMs - last, first - endMs));
          if (open && gap <= windowMs) {
            return Optional.of(loaded != null ? loaded : require(id, null));
          }
        }
        it.status();
        return Optional.empty();
      }
    });
  }

  private static byte[] zoneKey(Incident i) {
    return Keys.byZone(i.cameraId(), i.scene(), i.zone(), i.createdMs(), i.incidentId());
  }

  /** The stored incident, or null; {@code options} may be null. */
  private Incident load(String id, ReadOptions options) throws RocksDBException {
    byte[] json = options == null ? db.get(incidents, Keys.utf8(id)) : db.get(incidents, options, Keys.utf8(id));
    return json == null ? null : parse(id, json);
  }

  private Incident parse(String id, byte[] json) {
    try {
      return IncidentJson.fromBytes(json);
    } catch (IOException | RuntimeException e) {
      throw new IncidentStoreException("incident '" + id + "' in " + dataDir + " is unreadable: " + e.getMessage(), e);
    }
  }

  /** An incident an index points at; its absence means the store is corrupt. */
  private Incident require(String id, ReadOptions options) throws RocksDBException {
    Incident incident = load(id, options);
    if (incident == null) {
      throw new IncidentStoreException("index of " + dataDir + " names incident '" + id
          + "' but no such incident is stored", null);
    }
    return incident;
  }

  private IncidentStoreException failure(String what, RocksDBException e) {
    return new IncidentStoreException("incident store in " + dataDir + ": " + what + ": " + e.getMessage(), e);
  }

  private <T> T read(StoreCall<T> call) {
    Lock r = lock.readLock();
    r.lock();
    try {
      ensureOpen();
      return call.run();
    } catch (RocksDBException e) {
      throw failure("read failed", e);
    } finally {
      r.unlock();
    }
  }

  private void write(StoreAction action) {
    Lock w = lock.writeLock();
    w.lock();
    try {
      ensureOpen();
      action.run();
    } catch (RocksDBException e) {
      throw failure("write failed", e);
    } finally {
      w.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IncidentStoreException("incident store in " + dataDir + " is closed", null);
    }
  }

  @FunctionalInterface
  private interface StoreCall<T> {
    T run() throws RocksDBException;
  }

  @FunctionalInterface
  private interface StoreAction {
    void run() throws RocksDBException;
  }
}
