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
 * @param site             the site for routing incidents to grid cells and workers, or null
 */
public record IncidentServiceConfig(
    Path dataDir, String bootstrapServers, String alertsTopic, int port, Duration mergeWindow, Site site) {

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
  }

  /** Default topic and merge window, no site. */
  public static IncidentServiceConfig of(Path dataDir, String bootstrapServers, int port) {
    return new IncidentServiceConfig(dataDir, bootstrapServers, null, port, null, null);
  }

  public IncidentServiceConfig withSite(Site newSite) {
    return new IncidentServiceConfig(dataDir, bootstrapServers, alertsTopic, port, mergeWindow, newSite);
  }

  public IncidentServiceConfig withMergeWindow(Duration window) {
    return new IncidentServiceConfig(dataDir, bootstrapServers, alertsTopic, port, window, site);
  }
}
