package io.gridwatch.alerts.consume;

/**
 * Counters of an {@link AlertConsumer} since it started. A batch that is retried after a store
 * failure counts its records again.
 *
 * @param received     records polled
 * @param opened       alerts that opened an incident
 * @param merged       alerts merged into an open incident
 * @param duplicates   alerts already ingested before
 * @param deadLettered records sent to the dead-letter topic
 * @param retries      batches rewound and retried after a store or dead-letter failure
 * @param committed    batches whose offsets were committed
 */
public record AlertConsumerStats(
    long received, long opened, long merged, long duplicates, long deadLettered, long retries, long committed) {}
