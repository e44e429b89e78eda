package io.gridwatch.analytics.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink cluster the job's integration tests run on: one task manager, two slots, RocksDB state. */
final class RocksDbMiniCluster {

  private RocksDbMiniCluster() {}

  static MiniClusterExtension create() {
    Configuration conf = new Configuration();
    conf.setString("state.backend.type", "rocksdb");
    return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
        .setConfiguration(conf)
        .setNumberTaskManagers(1)
        .setNumberSlotsPerTaskManager(2)
        .build());
  }
}
