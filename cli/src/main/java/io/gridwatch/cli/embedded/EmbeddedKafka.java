package io.gridwatch.cli.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process, single-node Apache Kafka broker in KRaft mode (combined broker and controller
 * roles), built from the real Kafka server code ({@link KafkaRaftServer} and the storage
 * {@link Formatter} that {@code kafka-storage.sh format} uses).
 *
 * <p>The log directory is formatted only when it holds no {@code meta.properties} yet, so a second
 * {@link #start(Path, int)} on the same directory keeps the cluster id, the topics, the records and
 * the committed consumer-group offsets of the first run.
 *
 * <p>The quorum is static ({@code controller.quorum.voters}, {@code kraft.version=0}): the voter
 * set comes from the configuration and is not stored in the metadata log, so the controller
 * listener may get a different free port on each start.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    static final int NODE_ID = 1;
    static final String HOST = "localhost";
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String META_PROPERTIES = "meta.properties";

    private static final int MAX_BIND_ATTEMPTS = 3;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaRaftServer server;
    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final String clusterId;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, Path logDir, int port, int controllerPort, String clusterId) {
        this.server = server;
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.clusterId = clusterId;
    }

    /**
     * Starts a broker that stores its data in {@code logDir} and serves clients on
     * {@code localhost:port}. Returns once the broker is registered, unfenced and accepting clients.
     *
     * @param logDir the log (and metadata log) directory; created and formatted if it holds no
     *               {@code meta.properties}, reused as it is otherwise
     * @param port   the client (PLAINTEXT) port, or 0 to pick a free one
     */
    public static EmbeddedKafka start(Path logDir, int port) {
        Objects.requireNonNull(logDir, "logDir");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Path dir = logDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka log directory " + dir, e);
        }
        if (port != 0 && !isFree(port)) {
            throw new IllegalStateException("cannot start embedded Kafka: port " + port + " on " + HOST + " is in use");
        }
        RuntimeException last = null;
        for (int attempt = 1; attempt <= MAX_BIND_ATTEMPTS; attempt++) {
            int brokerPort = port != 0 ? port : freePort();
            int controllerPort = freePort(brokerPort);
            try {
                return startOnce(dir, brokerPort, controllerPort);
            } catch (RuntimeException e) {
                last = new IllegalStateException("cannot start embedded Kafka on " + HOST + ":" + brokerPort
                    + " (controller port " + controllerPort + ") with data in " + dir + ": " + e.getMessage(), e);
                // Another process may have taken a probed port before Kafka bound it; try new ones.
                if (!causedByBind(e)) {
                    throw last;
                }
                LOG.warn("Embedded Kafka could not bind ports {}/{} (attempt {} of {})",
                    brokerPort, controllerPort, attempt, MAX_BIND_ATTEMPTS);
            }
        }
        throw last;
    }

    private static EmbeddedKafka startOnce(Path dir, int brokerPort, int controllerPort) {
        long t0 = System.nanoTime();
        KafkaConfig config = KafkaConfig.fromProps(serverProperties(dir, brokerPort, controllerPort), false);
        String clusterId = formatIfNeeded(dir, config);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException | Error e) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        LOG.info("Embedded Kafka (cluster {}) started on {}:{} (controller {}) in {} ms, data in {}",
            clusterId, HOST, brokerPort, controllerPort,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), dir);
        return new EmbeddedKafka(server, dir, brokerPort, controllerPort, clusterId);
    }

    static Properties serverProperties(Path dir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort + ","
            + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("log.dirs", dir.toString());
        p.put("metadata.log.dir", dir.toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // Internal topics: one replica, and few partitions so that the first group / transaction is quick.
        // These counts only matter when the topic is created; they must stay the same afterwards.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    /** Formats {@code dir} unless it already holds {@code meta.properties}; returns the cluster id. */
    private static String formatIfNeeded(Path dir, KafkaConfig config) {
        Path meta = dir.resolve(META_PROPERTIES);
        if (Files.exists(meta)) {
            return readClusterId(meta);
        }
        String clusterId = Uuid.randomUuid().toString();
        try {
            new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(clusterId)
                .addDirectory(dir.toString())
                .setMetadataLogDirectory(dir.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setUnstableFeatureVersionsEnabled(config.unstableFeatureVersionsEnabled())
                .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log directory " + dir, e);
        }
        LOG.info("Formatted Kafka log directory {} for new cluster {}", dir, clusterId);
        return clusterId;
    }

    private static String readClusterId(Path meta) {
        Properties props = new Properties();
        try (var in = Files.newInputStream(meta)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + meta, e);
        }
        String id = props.getProperty("cluster.id");
        if (id == null || id.isBlank()) {
            throw new IllegalStateException(meta + " has no cluster.id");
        }
        return id;
    }

    /** {@code localhost:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The KRaft cluster id; stable across restarts on the same log directory. */
    public String clusterId() {
        return clusterId;
    }

    /** The log directory this broker stores its data in. */
    public Path logDir() {
        return logDir;
    }

    /** The port of the (internal) controller listener. */
    int controllerPort() {
        return controllerPort;
    }

    /**
     * Creates the given topics (name to partition count) with replication factor 1. Topics that
     * exist already are left as they are, whatever their partition count.
     */
    public void createTopics(Map<String, Integer> topicPartitions) {
        Objects.requireNonNull(topicPartitions, "topicPartitions");
        if (topicPartitions.isEmpty()) {
            return;
        }
        List<NewTopic> topics = new ArrayList<>();
        topicPartitions.forEach((name, partitions) -> topics.add(new NewTopic(name, partitions, (short) 1)));
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "gridwatch-embedded-kafka-admin");
        try (Admin admin = Admin.create(props)) {
            CreateTopicsResult result = admin.createTopics(topics);
            for (var entry : result.values().entrySet()) {
                try {
                    entry.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + topicPartitions.keySet(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topics " + topicPartitions.keySet(), e);
        }
    }

    /** Shuts the broker and controller down cleanly and waits until they have stopped. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Embedded Kafka on {} stopped in {} ms", bootstrapServers(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private static int freePort(int... exclude) {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                int p = socket.getLocalPort();
                boolean taken = false;
                for (int e : exclude) {
                    taken |= e == p;
                }
                if (!taken) {
                    return p;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port", e);
            }
        }
        throw new IllegalStateException("cannot find a free port");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean causedByBind(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BindException) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}
