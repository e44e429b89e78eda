package io.gridwatch.alerts;

import io.gridwatch.alerts.api.ComponentHealth;
import io.gridwatch.alerts.api.IncidentApi;
import io.gridwatch.alerts.consume.AlertConsumer;
import io.gridwatch.alerts.consume.AlertConsumerSettings;
import io.gridwatch.alerts.desk.EscalationScheduler;
import io.gridwatch.alerts.desk.IncidentDesk;
import io.gridwatch.alerts.feedback.FeedbackPublisher;
import io.gridwatch.alerts.ingest.IncidentIngestor;
import io.gridwatch.alerts.lifecycle.IncidentLifecycle;
import io.gridwatch.alerts.ingest.IncidentRouter;
import io.gridwatch.alerts.store.IncidentStore;
import io.gridwatch.alerts.auth.UserDirectory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The incident service: alerts from Kafka ({@link AlertConsumer}) through the
 * {@link IncidentIngestor} into the {@link IncidentStore}, served by the {@link IncidentApi}.
 * Prints nothing; it logs through SLF4J and callers report {@link #port()} themselves.
 *
 * <pre>{@code
 * try (IncidentService service = IncidentService.start(IncidentServiceConfig.of(dir, "localhost:9092", 8080))) {
 *   ... service.port() ...
 * }
 * }</pre>
 */
public final class IncidentService implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IncidentService.class);

  private final IncidentServiceConfig config;
  private final IncidentStore store;
  private final IncidentIngestor ingestor;
  private final AlertConsumer consumer;
  private final IncidentApi api;
  private final IncidentDesk desk;
  private final EscalationScheduler escalation;
  private final FeedbackPublisher feedback;
  private final int port;

  private IncidentService(IncidentServiceConfig config, IncidentStore store, IncidentIngestor ingestor,
      AlertConsumer consumer, IncidentApi api, IncidentDesk desk, EscalationScheduler escalation,
      FeedbackPublisher feedback, int port) {
    this.feedback = feedback;
    this.config = config;
    this.store = store;
    this.ingestor = ingestor;
    this.consumer = consumer;
    this.api = api;
    this.desk = desk;
    this.escalation = escalation;
    this.port = port;
  }

  /**
   * Opens the store, starts consuming alerts (when {@code bootstrapServers} is given) and starts
   * the API. On failure, whatever was started is closed again before the exception is thrown.
   */
  public static IncidentService start(IncidentServiceConfig config) {
    Objects.requireNonNull(config, "config");
    IncidentStore store = IncidentStore.open(config.dataDir());
    AlertConsumer consumer = null;
    IncidentApi api = null;
    EscalationScheduler escalation = null;
    FeedbackPublisher feedback = null;
    try {
      IncidentLifecycle lifecycle = new IncidentLifecycle(config.timeLimits());
      IncidentIngestor ingestor = new IncidentIngestor(store, new IncidentRouter(config.site()), config.mergeWindow(),
          lifecycle);
      IncidentDesk desk = new IncidentDesk(store, lifecycle);
      escalation = new EscalationScheduler(store, desk, Clock.systemUTC(), config.escalationScan());
      Map<String, Supplier<ComponentHealth>> health = new LinkedHashMap<>();
      if (config.bootstrapServers() != null) {
        AlertConsumer c = new AlertConsumer(
            AlertConsumerSettings.of(config.bootstrapServers(), config.alertsTopic()), ingestor, store);
        consumer = c;
        health.put("consumer", () -> consumerHealth(c));
      }
      // Before the API, which takes its health components when it is made.
      if (config.bootstrapServers() != null) {
        FeedbackPublisher f = new FeedbackPublisher(store, config.bootstrapServers(), config.feedbackTopic());
        feedback = f;
        health.put("feedback", () -> new ComponentHealth(true, feedbackDetails(f)));
      }
      UserDirectory users = UserDirectory.load(config.usersFile(), config.site(), config.demoUsers());
      if (users.size() == 0) {
        LOG.warn("Incident API: no users file and no demo users; nobody can log in");
      }
      api = new IncidentApi(store, desk, users, config.timeLimits(), config.port(), photoDir(config.dataDir()),
          Clock.systemUTC(), health);
      if (consumer != null) {
        consumer.start();
      }
      if (feedback != null) {
        feedback.start();
      }
      int port = api.start();
      // Deadlines that passed while the service was down are acted on by the first scan.
      escalation.start();
      return new IncidentService(config, store, ingestor, consumer, api, desk, escalation, feedback, port);
    } catch (RuntimeException | Error e) {
      if (escalation != null) {
        escalation.close();
      }
      if (feedback != null) {
        feedback.close();
      }
      closeQuietly(api, consumer, store, e);
      throw e;
    }
  }

  /** Verification photos live beside the store's directory, not inside RocksDB's. */
  static Path photoDir(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    return dir.resolveSibling(dir.getFileName() + "-photos");
  }

  /** Port the API listens on. */
  public int port() {
    return port;
  }

  public IncidentServiceConfig config() {
    return config;
  }

  public IncidentStore store() {
    return store;
  }

  public IncidentIngestor ingestor() {
    return ingestor;
  }

  /** Applies lifecycle commands to stored incidents. */
  public IncidentDesk desk() {
    return desk;
  }

  /** The alert consumer, absent when the service runs without Kafka. */
  public Optional<AlertConsumer> consumer() {
    return Optional.ofNullable(consumer);
  }

  /** Stops the API, then the consumer (its current batch is redelivered later), then closes the store. */
  @Override
  public void close() {
    api.stop();
    escalation.close();
    if (feedback != null) {
      feedback.close();
    }
    if (consumer != null) {
      consumer.close();
    }
    store.close();
  }

  private static Map<String, Object> feedbackDetails(FeedbackPublisher f) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("topic", f.topic());
    details.put("published", f.published());
    if (f.lastError() != null) {
      details.put("lastError", f.lastError());
    }
    return details;
  }

  private static ComponentHealth consumerHealth(AlertConsumer c) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("topic", c.settings().topic());
    details.put("stats", c.stats());
    c.failure().ifPresent(f -> details.put("error", f.toString()));
    return new ComponentHealth(c.isRunning(), details);
  }

  private static void closeQuietly(IncidentApi api, AlertConsumer consumer, IncidentStore store, Throwable cause) {
    Runnable[] steps = {
        () -> { if (api != null) api.stop(); },
        () -> { if (consumer != null) consumer.close(); },
        store::close};
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
  }
}
