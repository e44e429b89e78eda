package io.gridwatch.alerts.desk;

import io.gridwatch.alerts.store.IncidentStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalates incidents whose red limit has passed. The deadlines live in the store (its
 * {@code deadlines} index), not in timers: the scheduler scans them once on {@link #start()}, so
 * limits that passed while the service was down are acted on at once, and then every
 * {@code interval}.
 */
public final class EscalationScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EscalationScheduler.class);
  /** Due incidents handled per scan; the next scan takes the rest. */
  private static final int BATCH = 500;

  private final IncidentStore store;
  private final IncidentDesk desk;
  private final Clock clock;
  private final Duration interval;
  private final AtomicLong escalated = new AtomicLong();
  private ScheduledExecutorService executor;

  public EscalationScheduler(IncidentStore store, IncidentDesk desk, Clock clock, Duration interval) {
    this.store = Objects.requireNonNull(store, "store");
    this.desk = Objects.requireNonNull(desk, "desk");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("escalation scan interval must be positive, got " + interval);
    }
    this.interval = interval;
  }

  /** Scans now and then every interval, on a daemon thread of its own. */
  public synchronized void start() {
    if (executor != null) {
      throw new IllegalStateException("escalation scheduler started already");
    }
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "gridwatch-escalation");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(this::scanSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Escalates every incident due at the clock's now.
   *
   * @return how many incidents were escalated
   */
  public int scan() {
    int n = 0;
    while (true) {
      long now = clock.millis();
      List<String> due = store.dueBy(now, BATCH);
      int before = n;
      for (String id : due) {
        if (desk.escalateIfDue(id, now).isPresent()) {
          n++;
          LOG.info("Incident {} escalated: its time limit passed", id);
        }
      }
      if (due.size() < BATCH || n == before) {
        break;
      }
    }
    escalated.addAndGet(n);
    return n;
  }

  /** Incidents escalated since start. */
  public long escalatedCount() {
    return escalated.get();
  }

  private void scanSafely() {
    try {
      scan();
    } catch (RuntimeException e) {
      // The store may be closing or failing; the next scan tries again.
      LOG.warn("Escalation scan failed: {}", e.toString());
    }
  }

  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      executor = null;
    }
  }
}
