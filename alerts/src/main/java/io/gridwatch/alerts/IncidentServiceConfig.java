package io.gridwatch.alerts;

import io.gridwatch.alerts.consume.AlertConsumerSettings;
import io.gridwatch.alerts.ingest.IncidentIngestor;
import io.gridwatch.contracts.config.Site;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the incident service.
 *
 * @param dataDir          RocksDB directory of the incident store (created when missing, reused
 *                         on the next start)
 * @param bootstrapServers Kafka {@code bootstrap.servers}, or null to serve the stored incidents
 *                         without consuming alerts
 * @param alertsTopic      topic to read (default {@value AlertConsumerSettings#DEFAULT_TOPIC});
 *                         dead letters go to {@code alertsTopic + ".dlq"}
 * @param port             REST API port, 0 for any free one
 * @param mergeWindow      merge window of the ingestor (default 10 minutes)
 * @param site             the site for routing incidents to grid cells and workers, and for its
 *                         time limits, or null
 * @param escalationScan   how often deadlines are checked for escalation (default 1 s)
 * @param usersFile        users who may log in to the API (see {@code docs/configuration.md}),
 *                         or null for none: then only {@code demoUsers} can log in
 * @param demoUsers        whether the documented demo users (one per role) may log in; for
 *                         {@code gridwatch demo} only
 * @param feedbackTopic    topic verification outcomes are published to (default
 *                         {@value #DEFAULT_FEEDBACK_TOPIC}); unused without Kafka
 */
public record IncidentServiceConfig(
    Path dataDir, String bootstrapServers, String alertsTopic, int port, Duration mergeWindow, Site site,
    Duration escalationScan, Path usersFile, boolean demoUsers, String feedbackTopic) {

  /** Default {@code feedbackTopic}. */
  public static final String DEFAULT_FEEDBACK_TOPIC = "gridwatch.feedback";

  public IncidentServiceConfig {
    Objects.requireNonNull(dataDir, "dataDir is required but not provided");
    if (bootstrapServers != null && bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must not be blank (give null to run without Kafka)");
    }
    alertsTopic = alertsTopic == null ? AlertConsumerSettings.DEFAULT_TOPIC : alertsTopic;
    if (alertsTopic.isBlank()) {
      throw new IllegalArgumentException("alertsTopic must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be within 0..65535, got " + port);
    }
    mergeWindow = mergeWindow == null ? IncidentIngestor.DEFAULT_MERGE_WINDOW : mergeWindow;
    if (mergeWindow.isNegative()) {
      throw new IllegalArgumentException("mergeWindow must not be negative, got " + mergeWindow);
    }
    escalationScan = escalationScan == null ? Duration.ofSeconds(1) : escalationScan;
    if (escalationScan.isNegative() || escalationScan.isZero()) {
      throw new IllegalArgumentException("escalationScan must be positive, got " + escalationScan);
    }
    feedbackTopic = feedbackTopic == null ? DEFAULT_FEEDBACK_TOPIC : feedbackTopic;
    if (feedbackTopic.isBlank()) {
      throw new IllegalArgumentException("feedbackTopic must not be blank");
    }
  }

  /** Without users file, demo users or feedback topic settings (the defaults). */
  public IncidentServiceConfig(Path dataDir, String bootstrapServers, String alertsTopic, int port,
      Duration mergeWindow, Site site) {
    this(dataDir, bootstrapServers, alertsTopic, port, mergeWindow, site, null, null, false, null);
  }

  /** Default topic and merge window, no site. */
  public static IncidentServiceConfig of(Path dataDir, String bootstrapServers, int port) {
    return new IncidentServiceConfig(dataDir, bootstrapServers, null, port, null, null);
  }

  public IncidentServiceConfig withSite(Site newSite) {
    return new IncidentServiceConfig(dataDir, bootstrapServers, alertsTopic, port, mergeWindow, newSite,
        escalationScan, usersFile, demoUsers, feedbackTopic);
  }

  public IncidentServiceConfig withMergeWindow(Duration window) {
    return new IncidentServiceConfig(dataDir, bootstrapServers, alertsTopic, port, window, site,
        escalationScan, usersFile, demoUsers, feedbackTopic);
  }

  public IncidentServiceConfig withEscalationScan(Duration every) {
    return new IncidentServiceConfig(dataDir, bootstrapServers, alertsTopic, port, mergeWindow, site,
        every, usersFile, demoUsers, feedbackTopic);
  }

  public IncidentServiceConfig withUsersFile(Path file) {
    return new IncidentServiceConfig(dataDir, bootstrapServers, alertsTopic, port, mergeWindow, site,
        escalationScan, file, demoUsers, feedbackTopic);
  }

  public IncidentServiceConfig withDemoUsers(boolean allowed) {
    return new IncidentServiceConfig(dataDir, bootstrapServers, alertsTopic, port, mergeWindow, site,
        escalationScan, usersFile, allowed, feedbackTopic);
  }

  public IncidentServiceConfig withFeedbackTopic(String topic) {
    return new IncidentServiceConfig(dataDir, bootstrapServers, alertsTopic, port, mergeWindow, site,
        escalationScan, usersFile, demoUsers, topic);
  }

  /** The time limits: the site's, over the defaults. */
  public io.gridwatch.alerts.lifecycle.TimeLimits timeLimits() {
    return new io.gridwatch.alerts.lifecycle.TimeLimits(site == null ? null : site.config().timeLimits());
  }
}
