package io.gridwatch.alerts.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwatch.alerts.auth.User;
import io.gridwatch.alerts.store.IncidentChange;
import io.javalin.http.sse.SseClient;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live stream of incident changes ({@code GET /api/stream}, server-sent events). The store
 * tells {@link #onChange} on its writing thread; the change is queued (bounded: when nobody keeps
 * up the oldest is dropped and counted) and a sender thread writes one {@code incident} event per
 * change to every subscriber allowed to see its cell.
 */
final class LiveStream implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveStream.class);
  private static final int QUEUE = 10_000;

  private final ObjectMapper json;
  private final Clock clock;
  private final BlockingQueue<IncidentChange> queue = new ArrayBlockingQueue<>(QUEUE);
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  /** Subscribers whose confirmation the sender thread has not written yet. */
  private final BlockingQueue<Subscriber> pending = new java.util.concurrent.LinkedBlockingQueue<>();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread sender;
  private volatile boolean running = true;

  private record Subscriber(SseClient client, Set<String> cells) {}

  LiveStream(ObjectMapper json, Clock clock) {
    this.json = json;
    this.clock = clock;
    this.sender = new Thread(this::run, "gridwatch-live-stream");
    sender.setDaemon(true);
    sender.start();
  }

  /** Called by the store for every stored change. */
  void onChange(IncidentChange change) {
    if (subscribers.isEmpty() && pending.isEmpty()) {
      return;
    }
    while (!queue.offer(change)) {
      if (queue.poll() != null) {
        dropped.incrementAndGet();
      }
    }
  }

  /** Keeps {@code client} open and sends it the changes {@code user} may see. */
  void subscribe(SseClient client, User user) {
    client.keepAlive();
    Subscriber s = new Subscriber(client, user.visibleCells());
    client.onClose(() -> subscribers.remove(s));
    // The sender thread confirms the subscription and then owns the client: one writer, and a
    // client that has read the confirmation gets every change stored after it.
    pending.add(s);
  }

  int subscribers() {
    return subscribers.size();
  }

  long dropped() {
    return dropped.get();
  }

  private void run() {
    while (running) {
      IncidentChange change;
      try {
        activatePending();
        change = queue.poll(50, TimeUnit.MILLISECONDS);
        activatePending();
      } catch (InterruptedException e) {
        return;
      }
      if (change == null) {
        continue;
      }
      String data;
      try {
        ObjectNode event = json.createObjectNode();
        event.set("incident", IncidentView.of(change.incident(), clock.millis(), json));
        event.set("audit", change.audit() == null ? null : json.valueToTree(change.audit()));
        data = json.writeValueAsString(event);
      } catch (Exception e) {
        LOG.warn("Live stream: cannot write incident '{}': {}", change.incident().incidentId(), e.toString());
        continue;
      }
      String cell = change.incident().gridCellId();
      for (Subscriber s : subscribers) {
        if (s.client.terminated()) {
          subscribers.remove(s);
          continue;
        }
        if (s.cells == null || (cell != null && s.cells.contains(cell))) {
          try {
            s.client.sendEvent("incident", data);
          } catch (RuntimeException e) {
            subscribers.remove(s);
          }
        }
      }
    }
  }

  private void activatePending() {
    for (Subscriber s; (s = pending.poll()) != null; ) {
      try {
        subscribers.add(s);
        s.client.sendComment("subscribed");
      } catch (RuntimeException e) {
        subscribers.remove(s);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    sender.interrupt();
    for (Subscriber s : subscribers) {
      try {
        s.client.close();
      } catch (RuntimeException e) {
        // closing anyway
      }
    }
    subscribers.clear();
  }
}
