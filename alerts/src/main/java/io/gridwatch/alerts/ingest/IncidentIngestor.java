package io.gridwatch.alerts.ingest;

import io.gridwatch.alerts.lifecycle.IncidentLifecycle;
import io.gridwatch.alerts.lifecycle.TimeLimits;
import io.gridwatch.alerts.lifecycle.TransitionResult;
import io.gridwatch.alerts.store.IncidentStore;
import io.gridwatch.alerts.store.IncidentStoreException;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.incident.Incident;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Turns alerts into incidents in the {@link IncidentStore}.
 *
 * <ol>
 *   <li>An alert id already stored changes nothing (Kafka delivers at least once, detectors may
 *       replay), see {@link IngestOutcome.Action#DUPLICATE}.</li>
 *   <li>Otherwise the alert joins the newest open incident of the same camera, scene and zone
 *       whose alerts lie within the merge window of it: one litter heap seen every few seconds is
 *       one case for a worker, not hundreds.</li>
 *   <li>Otherwise it opens a new incident, routed by the {@link IncidentRouter}.</li>
 * </ol>
 *
 * <p>The window is measured on the alerts' own clock (their start and end times), not on arrival
 * time, so a replay after an outage groups alerts as they happened. Not safe to call concurrently
 * with another ingestor on the same store; calls on one ingestor are serialised.
 */
public final class IncidentIngestor {

  /** Default {@code mergeWindow}. */
  public static final Duration DEFAULT_MERGE_WINDOW = Duration.ofMinutes(10);

  /** How many recent incidents of a zone are looked at when merging; older ones are long closed. */
  static final int MERGE_CANDIDATES = 8;

  private static final String ALERT_ID_PREFIX = "al-";

  private final IncidentStore store;
  private final IncidentRouter router;
  private final long mergeWindowMs;
  private final IncidentLifecycle lifecycle;

  /**
   * @param store       where incidents live
   * @param router      grid cell and assignee of new incidents
   * @param mergeWindow largest gap between an alert and an open incident's alerts for the alert
   *                    to join it; zero merges only overlapping alerts
   */
  public IncidentIngestor(IncidentStore store, IncidentRouter router, Duration mergeWindow) {
    this(store, router, mergeWindow, new IncidentLifecycle(TimeLimits.defaults()));
  }

  /**
   * @param lifecycle gives new incidents their priority's first deadline and the audit line of
   *                  the report
   */
  public IncidentIngestor(IncidentStore store, IncidentRouter router, Duration mergeWindow,
      IncidentLifecycle lifecycle) {
    this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
    this.store = Objects.requireNonNull(store, "store");
    this.router = Objects.requireNonNull(router, "router");
    Objects.requireNonNull(mergeWindow, "mergeWindow");
    if (mergeWindow.isNegative()) {
      throw new IllegalArgumentException("mergeWindow must not be negative, got " + mergeWindow);
    }
    this.mergeWindowMs = mergeWindow.toMillis();
  }

  /** An ingestor with the {@link #DEFAULT_MERGE_WINDOW}. */
  public IncidentIngestor(IncidentStore store, IncidentRouter router) {
    this(store, router, DEFAULT_MERGE_WINDOW);
  }

  /**
   * Ingests one alert and stores the result.
   *
   * @param nowMs wall-clock time, stamped on new and updated incidents
   * @throws RejectedAlertException when the alert id does not have the contract's shape
   *                                ({@code al-<hash>}, from which the incident id is derived)
   * @throws IncidentStoreException when the store fails; the alert may be applied again
   */
  public synchronized IngestOutcome apply(Alert alert, long nowMs) {
    Objects.requireNonNull(alert, "alert");
    // Commands change incidents too: the read and the write of one alert must not straddle one.
    return store.atomically(() -> applyLocked(alert, nowMs));
  }

  private IngestOutcome applyLocked(Alert alert, long nowMs) {
    String alertId = alert.alertId();
    if (!alertId.startsWith(ALERT_ID_PREFIX) || alertId.length() == ALERT_ID_PREFIX.length()) {
      // The incident id is derived from the alert id (Incident.openedBy), so it must have the shape.
      throw new RejectedAlertException("alert '" + alertId + "': alertId must start with '"
          + ALERT_ID_PREFIX + "' followed by the event hash");
    }
    var owner = store.incidentForAlert(alertId);
    if (owner.isPresent()) {
      Incident incident = store.get(owner.get()).orElseThrow(() -> new IncidentStoreException(
          "alert '" + alertId + "' is indexed to incident '" + owner.get() + "', which is not stored", null));
      return new IngestOutcome(IngestOutcome.Action.DUPLICATE, alertId, incident);
    }

    Incident target = mergeTarget(alert);
    if (target != null) {
      Incident merged = target.merge(alert, nowMs);
      store.put(merged, List.of(alertId));
      return new IngestOutcome(IngestOutcome.Action.MERGED, alertId, merged);
    }

    Route route = router.route(alert, nowMs);
    Incident plain = Incident.openedBy(alert, route.gridCellId(), route.assignee(), nowMs);
    if (store.get(plain.incidentId()).isPresent()) {
      throw new RejectedAlertException("alert '" + alertId + "' would open incident '" + plain.incidentId()
          + "', which exists already for other alerts");
    }
    TransitionResult.Applied report = lifecycle.opened(plain, TimeLimits.priorityOf(alert));
    Incident opened = report.incident();
    store.put(opened, List.of(alertId), report.audit());
    return new IngestOutcome(IngestOutcome.Action.OPENED, alertId, opened);
  }

  /** The newest open incident of the alert's zone close enough in time, or null. */
  private Incident mergeTarget(Alert alert) {
    // The zone index carries each incident's status and alert span, so only the target is read.
    return store.openInZoneNear(alert.cameraId(), alert.scene(), alert.zone(), alert.startMs(), alert.endMs(),
        mergeWindowMs, MERGE_CANDIDATES).orElse(null);
  }

  /** Time between the alert and the incident's span of alerts; 0 when they overlap. */
  static long gapMs(Alert alert, Incident incident) {
    long after = alert.startMs() - incident.lastAlertMs();
    long before = incident.firstAlertMs() - alert.endMs();
    return Math.max(0, Math.max(after, before));
  }
}
