package io.gridwatch.cli.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaITCase {

    /** Thread names used by the Kafka broker, controller, raft client and clients. */
    private static final Pattern KAFKA_THREAD = Pattern.compile(
        "(?i).*(kafka|raft|broker|controller|quorum|data-plane|socket-server|request-handler|"
            + "log-?cleaner|replica|fetcher|scheduler|group-coordinator|transaction|share-coordinator|"
            + "metadata|expiration|executor-|ExpirationReaper|LogDirFailureHandler|"
            + "producer-network|consumer|admin-client|adminclient).*");

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void startsProducesAndConsumes() throws Exception {
        try (EmbeddedKafka kafka = timedStart(tmp.resolve("kafka"), 0)) {
            assertThat(kafka.bootstrapServers()).matches("localhost:\\d+");
            kafka.createTopics(Map.of("frames", 3, "incidents", 1));
            kafka.createTopics(Map.of("frames", 3)); // idempotent

            Map<String, TopicDescription> topics = describe(kafka, "frames", "incidents");
            assertThat(topics.get("frames").partitions()).hasSize(3);
            assertThat(topics.get("incidents").partitions()).hasSize(1);

            List<String> sent = produce(kafka, "incidents", 0, 10);
            List<String> received = consume(kafka, "incidents", "reader-1", 10, false);
            assertThat(received).containsExactlyElementsOf(sent);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void restartOnSameDirectoryKeepsData() throws Exception {
        Path dir = tmp.resolve("kafka");
        List<String> sent;
        String clusterId;
        String firstBootstrap;
        try (EmbeddedKafka kafka = timedStart(dir, 0)) {
            clusterId = kafka.clusterId();
            firstBootstrap = kafka.bootstrapServers();
            kafka.createTopics(Map.of("alerts", 2));
            sent = produce(kafka, "alerts", 0, 10);
            // a group reads everything and commits its offsets
            assertThat(consume(kafka, "alerts", "alert-sink", 10, true)).containsExactlyInAnyOrderElementsOf(sent);
        }
        assertThat(Files.exists(dir.resolve("meta.properties"))).isTrue();

        try (EmbeddedKafka kafka = timedStart(dir, 0)) {
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            System.out.println("bootstrap before/after restart: " + firstBootstrap + " / " + kafka.bootstrapServers());
            kafka.createTopics(Map.of("alerts", 2)); // exists already: fine
            assertThat(describe(kafka, "alerts").get("alerts").partitions()).hasSize(2);

            // all records are still there
            assertThat(consume(kafka, "alerts", "fresh-reader", 10, false))
                .containsExactlyInAnyOrderElementsOf(sent);

            // committed offsets of the group survived
            Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(kafka, "alert-sink");
            assertThat(committed).containsKeys(new TopicPartition("alerts", 0), new TopicPartition("alerts", 1));
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(10);

            // the group resumes where it stopped: only new records arrive
            List<String> more = produce(kafka, "alerts", 10, 3);
            assertThat(consume(kafka, "alerts", "alert-sink", 3, true)).containsExactlyInAnyOrderElementsOf(more);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void closeLeavesNoKafkaThreads() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        EmbeddedKafka kafka = timedStart(tmp.resolve("kafka"), 0);
        kafka.createTopics(Map.of("t", 1));
        List<String> sent = produce(kafka, "t", 0, 3);
        assertThat(consume(kafka, "t", "g", 3, true)).containsExactlyElementsOf(sent);
        kafka.close();
        kafka.close(); // idempotent

        List<Thread> leftovers = List.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            leftovers = Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> !before.contains(t))
                .filter(t -> !t.isDaemon())
                .collect(Collectors.toList());
            if (leftovers.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        List<String> all = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !before.contains(t)).map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : ""))
            .sorted().collect(Collectors.toList());
        System.out.println("threads started during the test and still alive: " + all);
        assertThat(leftovers).extracting(Thread::getName)
            .as("non-daemon threads left behind").filteredOn(n -> KAFKA_THREAD.matcher(n).matches()).isEmpty();
        assertThat(leftovers).extracting(Thread::getName).as("any non-daemon threads left behind").isEmpty();
    }

    private static EmbeddedKafka timedStart(Path dir, int port) {
        long t0 = System.nanoTime();
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, port);
        System.out.printf("EmbeddedKafka.start(%s) took %d ms%n", dir.getFileName(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return kafka;
    }

    private static Map<String, TopicDescription> describe(EmbeddedKafka kafka, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            return admin.describeTopics(List.of(topics)).allTopicNames().get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committedOffsets(EmbeddedKafka kafka, String group)
        throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> produce(EmbeddedKafka kafka, String topic, int from, int count) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = from; i < from + count; i++) {
                String value = "record-" + i;
                producer.send(new ProducerRecord<>(topic, "key-" + i, value)).get(30, TimeUnit.SECONDS);
                values.add(value);
            }
        }
        return values;
    }

    private static List<String> consume(EmbeddedKafka kafka, String topic, String group, int expected, boolean commit) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            if (commit) {
                consumer.commitSync(Duration.ofSeconds(30));
            }
        }
        assertThat(values).as("records consumed from %s", topic).hasSize(expected);
        return values;
    }
}
