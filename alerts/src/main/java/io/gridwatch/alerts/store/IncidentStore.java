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
 *   <li>{@code default}: the incident count</li>
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
  private static final List<String> FAMILIES = List.of("incidents", "alerts", "by-created", "by-zone");

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
        .setKeepLogFileNum(3);
    ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
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
    Objects.requireNonNull(incident, "incident");
    Objects.requireNonNull(newAlertIds, "newAlertIds");
    String id = incident.incidentId();
    byte[] idBytes = Keys.utf8(id);
    byte[] json = IncidentJson.toBytes(incident);
    write(() -> {
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
        if (previous != null) {
          // Created time, camera, scene and zone do not change today; if they ever do, the old
          // index entries must not point at this incident any more.
          batch.delete(byCreated, Keys.byCreated(previous.createdMs(), id));
          batch.delete(byZone, zoneKey(previous));
        }
        batch.put(incidents, idBytes, json);
        batch.put(byCreated, Keys.byCreated(incident.createdMs(), id), EMPTY);
        batch.put(byZone, zoneKey(incident), EMPTY);
        long newCount = previous == null ? count + 1 : count;
        batch.put(meta, COUNT_KEY, Keys.longValue(newCount));
        db.write(writeOptions, batch);
        count = newCount;
      } catch (RocksDBException e) {
        throw failure("cannot store incident '" + id + "' with alerts " + newAlertIds, e);
      }
    });
  }

  /**
   * Forces the writes so far to stable storage. {@link #put} alone survives a crash of this
   * process (its write-ahead log entry is written before it returns); this also makes it survive
   * a crash of the machine. Call it before telling anyone the writes are done, e.g. before
   * committing Kafka offsets.
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
      try (ReadOptions options = new ReadOptions().setSnapshot(snapshot);
          RocksIterator it = db.newIterator(byCreated, options)) {
        List<Incident> items = new ArrayList<>();
        long matched = 0;
        for (it.seekToFirst(); it.isValid(); it.next()) {
          String id = Keys.incidentIdOfByCreated(it.key());
          if (f.isAll()) {
            if (matched >= offset && items.size() < limit) {
              items.add(require(id, options));
            }
            matched++;
            if (items.size() == limit) {
              break; // the total comes from the stored count
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
        long total = f.isAll() ? Keys.longOf(db.get(meta, options, COUNT_KEY)) : matched;
        return new IncidentPage(total, offset, limit, items);
      } catch (RocksDBException e) {
        throw failure("cannot list incidents (offset " + offset + ", limit " + limit + ", " + f + ")", e);
      } finally {
        db.releaseSnapshot(snapshot);
      }
    });
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
