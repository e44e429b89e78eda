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
 *   <li>{@code by-created}: newest-first created time + incident id → (empty); listing order</li>
 *   <li>{@code by-zone}: camera, scene, zone + newest-first created time + incident id → (empty);
 *       finds the incidents an alert may merge into</li>
 *   <li>{@code audit}: incident id + sequence number → audit line JSON; only ever appended</li>
 *   <li>{@code by-status}, {@code by-cell}, {@code by-assignee}, {@code by-camera}: value +
 *       newest-first created time + incident id → (empty); filtered listings</li>
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
      "audit", "by-status", "by-cell", "by-assignee", "by-camera", "deadlines", "outbox");
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
    this.deadlines = handles.get(10);
    this.outbox = handles.get(11);
    this.count = Keys.longOf(db.get(meta, COUNT_KEY));
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
        batch.put(incidents, idBytes, json);
        batch.put(byCreated, Keys.byCreated(incident.createdMs(), id), EMPTY);
        batch.put(byZone, zoneKey(incident), zoneValue(incident));
        for (Index index : indexes.values()) {
          String value = index.valueOf(incident);
          batch.put(index.handle, Keys.indexed(value, incident.createdMs(), id), EMPTY);
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
   * <p>Unfiltered listings only read the page's incidents; filtered ones read every incident to
   * count the matches (fine for the thousands a district produces; an index per filter would be
   * the next step).
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
      Scan scan = scanFor(f);
      try (ReadOptions options = new ReadOptions().setSnapshot(snapshot);
          RocksIterator it = db.newIterator(scan.handle, options)) {
        List<Incident> items = new ArrayList<>();
        long matched = 0;
        // With one criterion and its own index, every entry matches and the total is a counter.
        boolean counted = scan.counterKey != null && f.criteria() <= 1;
        for (it.seek(scan.prefix); it.isValid() && Keys.startsWith(it.key(), scan.prefix); it.next()) {
          String id = Keys.incidentIdOfByZone(it.key(), scan.prefix.length);
          if (counted || f.isAll()) {
            if (matched >= offset && items.size() < limit) {
              items.add(require(id, options));
            }
            matched++;
            if (items.size() == limit) {
              break;
            }
            continue;
          }
          Incident incident = require(id, options);
          if (f.matches(incident)) {
            if (matched >= offset && items.size() < limit) {
              items.add(incident);
            }
            matched++;
          }
        }
        it.status();
        long total = f.isAll() ? Keys.longOf(db.get(meta, options, COUNT_KEY))
            : counted ? Keys.longOf(db.get(meta, options, Keys.utf8(scan.counterKey))) : matched;
        return new IncidentPage(total, offset, limit, items);
      } catch (RocksDBException e) {
        throw failure("cannot list incidents (offset " + offset + ", limit " + limit + ", " + f + ")", e);
      } finally {
        db.releaseSnapshot(snapshot);
      }
    });
  }

  /** The index a listing walks: the most selective one the filter allows, else creation order. */
  private Scan scanFor(IncidentFilter f) {
    String cell = f.gridCellId();
    if (cell == null && f.cells() != null && f.cells().size() == 1) {
      cell = f.cells().iterator().next();
    }
    String[][] choices = {{"camera", f.cameraId()}, {"cell", cell}, {"assignee", f.assignee()},
        {"status", f.status() == null ? null : f.status().name()}};
    for (String[] choice : choices) {
      if (choice[1] != null) {
        Index index = indexes.get(choice[0]);
        return new Scan(index.handle, Keys.valuePrefix(choice[1]), index.counterKey(choice[1]));
      }
    }
    return new Scan(byCreated, new byte[0], null);
  }

  /** Where a listing reads: a column family, the key prefix of its entries, their counter (or null). */
  private record Scan(ColumnFamilyHandle handle, byte[] prefix, String counterKey) {}

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
    if (json == null) {
      return null;
    }
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
