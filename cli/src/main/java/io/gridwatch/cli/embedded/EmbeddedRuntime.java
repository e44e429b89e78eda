package io.gridwatch.cli.embedded;

import io.gridwatch.alerts.IncidentService;
import io.gridwatch.alerts.IncidentServiceConfig;
import io.gridwatch.analytics.evidence.EvidenceStore;
import io.gridwatch.analytics.job.DetectionJob;
import io.gridwatch.contracts.config.Site;
import io.gridwatch.ingest.source.CameraSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GridWatch in one JVM: an in-process Kafka broker, a Flink MiniCluster running the detection
 * job with the RocksDB state backend and checkpointing, and the incident service. Everything
 * lives under one data folder:
 *
 * <pre>
 * DATA/kafka        Kafka log (topics and consumer offsets survive restarts)
 * DATA/incidents    incident store (RocksDB)
 * DATA/evidence     alert snapshots
 * DATA/checkpoints  Flink checkpoints (removed when the job is cancelled)
 * DATA/tmp          Flink's scratch space, deleted on close
 * </pre>
 */
public final class EmbeddedRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRuntime.class);

  /**
   * @param dataDir           the data folder
   * @param siteFile          the site to run
   * @param apiPort           incident API port (0: any free port)
   * @param kafkaPort         Kafka client port (0: any free port)
   * @param parallelism       Flink parallelism (slots)
   * @param checkpointSeconds checkpoint interval
   * @param usersFile         users who may log in to the incident API, or null for the demo logins
   *                          (one per role, documented in the README)
   */
  public record Options(Path dataDir, Path siteFile, int apiPort, int kafkaPort, int parallelism, int checkpointSeconds,
      Path usersFile) {

    /** With the demo logins. */
    public Options(Path dataDir, Path siteFile, int apiPort, int kafkaPort, int parallelism, int checkpointSeconds) {
      this(dataDir, siteFile, apiPort, kafkaPort, parallelism, checkpointSeconds, null);
    }

    public Options {
      Objects.requireNonNull(dataDir, "dataDir is required but not provided");
      Objects.requireNonNull(siteFile, "siteFile is required but not provided");
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
      }
      if (checkpointSeconds < 1) {
        throw new IllegalArgumentException("checkpointSeconds must be >= 1, got " + checkpointSeconds);
      }
    }
  }

  private final Options options;
  private final Site site;
  private EmbeddedKafka kafka;
  private IncidentService incidents;
  private MiniCluster flink;
  private JobID jobId;
  private boolean closed;
  private FileChannel lockChannel;
  private FileLock lock;

  private EmbeddedRuntime(Options options, Site site) {
    this.options = options;
    this.site = site;
  }

  /** Starts everything; on failure whatever was started is stopped again. */
  public static EmbeddedRuntime start(Options options, Consumer<String> progress) throws Exception {
    Site site = Site.load(options.siteFile());
    EmbeddedRuntime rt = new EmbeddedRuntime(options, site);
    try {
      rt.startAll(progress);
      return rt;
    } catch (Exception | Error e) {
      rt.close();
      throw e;
    }
  }

  private void startAll(Consumer<String> progress) throws Exception {
    Path data = options.dataDir().toAbsolutePath().normalize();
    Files.createDirectories(data);
    lockDataDir(data);
    deleteTree(data.resolve("tmp")); // left over by a run that was killed

    progress.accept("starting Kafka (in-process KRaft broker)");
    kafka = EmbeddedKafka.start(data.resolve("kafka"), options.kafkaPort());
    kafka.createTopics(Map.of(DetectionJob.ALERTS_TOPIC, 2, DetectionJob.ALERTS_TOPIC + ".dlq", 1,
        IncidentServiceConfig.DEFAULT_FEEDBACK_TOPIC, 1));

    progress.accept("starting the incident service");
    incidents = IncidentService.start(new IncidentServiceConfig(data.resolve("incidents"), kafka.bootstrapServers(),
        DetectionJob.ALERTS_TOPIC, options.apiPort(), null, site)
        .withUsersFile(options.usersFile())
        .withDemoUsers(options.usersFile() == null));

    progress.accept("starting Flink (MiniCluster, RocksDB state backend)");
    Configuration conf = flinkConfiguration(data);
    flink = new MiniCluster(new MiniClusterConfiguration.Builder()
        .setConfiguration(conf)
        .setNumTaskManagers(1)
        .setNumSlotsPerTaskManager(options.parallelism())
        .withRandomPorts()
        .build());
    flink.start();

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(options.parallelism());
    new DetectionJob(CameraSource.builder().site(site).watchSite(Duration.ofSeconds(5)).build(),
        DetectionJob.kafkaSink(kafka.bootstrapServers(), DetectionJob.ALERTS_TOPIC),
        new EvidenceStore(data.resolve("evidence"))).build(env);
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName("gridwatch-detection");
    JobGraph job = graph.getJobGraph();
    jobId = flink.submitJob(job).get(60, TimeUnit.SECONDS).getJobID();
    LOG.info("detection job {} submitted with {} camera(s)", jobId, site.config().cameras().size());
  }

  /**
   * Two runtimes on one data folder would share Kafka's log and RocksDB's files and corrupt both;
   * an OS file lock (released by the OS even after kill -9) keeps the second one out.
   */
  private void lockDataDir(Path data) throws IOException {
    lockChannel = FileChannel.open(data.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      lockChannel.close();
      lockChannel = null;
      throw new DataDirInUseException("data folder " + data
          + " is in use by another running GridWatch; stop it or choose another --data-dir");
    }
  }

  /** The data folder is locked by another running GridWatch. */
  public static final class DataDirInUseException extends RuntimeException {
    public DataDirInUseException(String message) {
      super(message);
    }
  }

  private Configuration flinkConfiguration(Path data) {
    Configuration conf = new Configuration();
    conf.setString("state.backend.type", "rocksdb");
    conf.setString("execution.checkpointing.interval", options.checkpointSeconds() + " s");
    conf.setString("execution.checkpointing.dir", data.resolve("checkpoints").toUri().toString());
    conf.setString("io.tmp.dirs", data.resolve("tmp").resolve("flink").toString());
    conf.setString("blob.storage.directory", data.resolve("tmp").resolve("blobs").toString());
    conf.setString("rest.address", "localhost");
    conf.setString("rest.bind-address", "localhost");
    conf.setString("taskmanager.numberOfTaskSlots", Integer.toString(options.parallelism()));
    return conf;
  }

  public Site site() {
    return site;
  }

  /** Port of the incident API. */
  public int apiPort() {
    return incidents.port();
  }

  public String kafkaBootstrapServers() {
    return kafka.bootstrapServers();
  }

  public IncidentService incidents() {
    return incidents;
  }

  public JobID jobId() {
    return jobId;
  }

  /** Stops the job, then the incident service, then Kafka, and removes the scratch space. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (flink != null) {
      try {
        if (jobId != null) {
          flink.cancelJob(jobId).get(30, TimeUnit.SECONDS);
          flink.requestJobResult(jobId).get(30, TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        LOG.warn("detection job did not cancel cleanly: {}", e.toString());
      }
      try {
        flink.closeAsync().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("Flink MiniCluster did not stop cleanly: {}", e.toString());
      }
    }
    if (incidents != null) {
      incidents.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (lockChannel != null) {
      deleteTree(options.dataDir().toAbsolutePath().normalize().resolve("tmp"));
      try {
        lock.release();
        lockChannel.close();
      } catch (IOException e) {
        LOG.warn("could not release the data folder lock: {}", e.getMessage());
      }
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not remove {}: {}", dir, e.getMessage());
    }
  }
}
