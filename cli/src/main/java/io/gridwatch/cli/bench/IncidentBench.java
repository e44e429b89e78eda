package io.gridwatch.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwatch.alerts.IncidentService;
import io.gridwatch.alerts.IncidentServiceConfig;
import io.gridwatch.alerts.consume.AlertConsumerSettings;
import io.gridwatch.alerts.ingest.IncidentIngestor;
import io.gridwatch.alerts.ingest.IncidentRouter;
import io.gridwatch.alerts.lifecycle.IncidentLifecycle;
import io.gridwatch.alerts.lifecycle.TimeLimits;
import io.gridwatch.alerts.store.IncidentStore;
import io.gridwatch.cli.embedded.EmbeddedKafka;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertCodec;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.config.CameraConfig;
import io.gridwatch.contracts.config.GridCell;
import io.gridwatch.contracts.config.Site;
import io.gridwatch.contracts.config.SiteConfig;
import io.gridwatch.contracts.config.TimeLimit;
import io.gridwatch.contracts.config.Worker;
import io.gridwatch.contracts.incident.Incident;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code gridwatch bench incidents}: the incident service's three figures.
 *
 * <ol>
 *   <li><b>ingest</b>: alerts/s through {@link IncidentIngestor#apply} into a fresh RocksDB store
 *       on one thread (a mix of new incidents and merges, as alerts come), with the thread's CPU
 *       time beside the wall time</li>
 *   <li><b>list</b>: {@code GET /api/incidents} over HTTP (logged in as the demo operator) with
 *       {@code incidents} stored, for several filters; p50 / p95 / max</li>
 *   <li><b>live</b>: alert sent to Kafka (in-process KRaft broker) → the incident's event on
 *       {@code GET /api/stream}; p50 / p95 / max at a steady rate</li>
 * </ol>
 */
public final class IncidentBench {

  private static final long T0 = 1_760_000_000_000L;
  private static final int CELLS = 50;
  private static final int CAMERAS = 500;

  private final PrintStream log;

  public IncidentBench(PrintStream log) {
    this.log = log;
  }

  /** A site of 50 cells, 500 cameras (10 per cell) and one worker per cell. */
  public static Site site() {
    List<GridCell> cells = new ArrayList<>();
    List<Worker> workers = new ArrayList<>();
    for (int c = 0; c < CELLS; c++) {
      cells.add(new GridCell("g-" + c, "Cell " + c, "Street " + (c / 10), "sup-" + (c / 10)));
      workers.add(new Worker("w-" + c, "Worker " + c, null, List.of("g-" + c)));
    }
    List<CameraConfig> cameras = new ArrayList<>();
    for (int k = 0; k < CAMERAS; k++) {
      cameras.add(new CameraConfig("cam-" + k, "rtsp://bench/" + k, null, null, "cam-" + k + ".yaml", "g-" + (k % CELLS),
          null, null, null, null));
    }
    // A week for every stage: the stored incidents must not escalate while they are being listed.
    List<TimeLimit> week = List.of(new TimeLimit("*", "*", 10_080, 10_080, 10_080));
    return new Site(Path.of("/bench/site.yaml"), new SiteConfig("Bench district", cells, cameras, workers, null, week),
        Map.of());
  }

  /** Alert {@code i}: one of 2,000 zones over 500 cameras, every 4th alert a repeat that merges. */
  static Alert alert(int i, long startMs) {
    int zone = i % 4 == 3 ? (i - 1) % 20_000 : i % 20_000;
    String camera = "cam-" + (zone % CAMERAS);
    AlertScene scene = zone % 5 == 0 ? AlertScene.THROWING : AlertScene.STREET_OCCUPATION;
    return Alert.of(camera, scene, "z-" + zone, startMs, startMs + 5_000, 0.8,
        Map.of("coverage", 0.4), startMs + 5_000, List.of("/data/evidence/" + camera + "/" + i + ".jpg"));
  }

  // --- ingest ---------------------------------------------------------------------------

  /**
   * @param cpuSeconds        CPU time of the ingesting thread (includes RocksDB's work on it)
   * @param processCpuSeconds CPU time of the whole JVM meanwhile (adds RocksDB's background
   *                          flushes and compactions, GC and JIT)
   */
  public record IngestResult(int alerts, long incidents, double seconds, double cpuSeconds, double processCpuSeconds,
      double alertsPerSecond) {

    /** Alerts per second of process CPU: what one core would ingest with nothing else on it. */
    public double alertsPerCpuSecond() {
      return alerts / processCpuSeconds;
    }
  }

  public IngestResult ingest(Path dir, int alerts) {
    try (IncidentStore store = IncidentStore.open(dir)) {
      IncidentIngestor ingestor = new IncidentIngestor(store, new IncidentRouter(site()),
          IncidentIngestor.DEFAULT_MERGE_WINDOW, new IncidentLifecycle(TimeLimits.defaults()));
      List<Alert> input = new ArrayList<>(alerts);
      for (int i = 0; i < alerts; i++) {
        input.add(alert(i, T0 + i * 100L));
      }
      int warm = Math.min(5_000, alerts / 10);
      for (int i = 0; i < warm; i++) {
        ingestor.apply(input.get(i), T0);
      }
      long cpu0 = Machine.threadCpuNs();
      long pcpu0 = Machine.processCpuNs();
      long t0 = System.nanoTime();
      for (int i = warm; i < alerts; i++) {
        ingestor.apply(input.get(i), T0);
      }
      store.sync();
      double s = (System.nanoTime() - t0) / 1e9;
      double cpu = (Machine.threadCpuNs() - cpu0) / 1e9;
      double pcpu = (Machine.processCpuNs() - pcpu0) / 1e9;
      int measured = alerts - warm;
      return new IngestResult(measured, store.count(), s, cpu, pcpu, measured / s);
    }
  }

  // --- list -----------------------------------------------------------------------------

  public record Latency(String what, int n, double p50Ms, double p95Ms, double maxMs) {}

  /** Fills the store to {@code incidents} (reusing what is there), then times list queries. */
  public List<Latency> list(Path dir, long incidents, int queries) throws Exception {
    try (IncidentStore store = IncidentStore.open(dir)) {
      fill(store, incidents);
    }
    IncidentServiceConfig config = IncidentServiceConfig.of(dir, null, 0).withSite(site()).withDemoUsers(true);
    List<Latency> out = new ArrayList<>();
    try (IncidentService service = IncidentService.start(config)) {
      Http http = new Http(service.port());
      String operator = http.login("operator", "operator");
      String worker = http.login("w-7", "worker");
      Map<String, String[]> cases = new LinkedHashMap<>();
      cases.put("newest 50, no filter", new String[] {operator, "/api/incidents"});
      cases.put("page 200 (offset 10000)", new String[] {operator, "/api/incidents?offset=10000&limit=50"});
      cases.put("status=REPORTED", new String[] {operator, "/api/incidents?status=REPORTED"});
      cases.put("gridCellId=g-7", new String[] {operator, "/api/incidents?gridCellId=g-7"});
      cases.put("cameraId=cam-42", new String[] {operator, "/api/incidents?cameraId=cam-42"});
      cases.put("assignee=w-7", new String[] {operator, "/api/incidents?assignee=w-7"});
      cases.put("worker w-7 (own cell)", new String[] {worker, "/api/incidents"});
      cases.put("cameraId=cam-42&status=REPORTED", new String[] {operator, "/api/incidents?cameraId=cam-42&status=REPORTED"});
      cases.put("gridCellId=g-7&status=REPORTED", new String[] {operator, "/api/incidents?gridCellId=g-7&status=REPORTED"});
      cases.put("assignee=w-7&status=REPORTED", new String[] {operator, "/api/incidents?assignee=w-7&status=REPORTED"});
      cases.put("scene=throwing", new String[] {operator, "/api/incidents?scene=throwing"});
      cases.put("scene=throwing&status=REPORTED", new String[] {operator, "/api/incidents?scene=throwing&status=REPORTED"});
      cases.put("scene=throwing&gridCellId=g-7", new String[] {operator, "/api/incidents?scene=throwing&gridCellId=g-7"});
      for (var c : cases.entrySet()) {
        for (int i = 0; i < 20; i++) {
          http.get(c.getValue()[0], c.getValue()[1]); // warm-up
        }
        double[] ms = new double[queries];
        for (int i = 0; i < queries; i++) {
          long t0 = System.nanoTime();
          int status = http.get(c.getValue()[0], c.getValue()[1]);
          ms[i] = (System.nanoTime() - t0) / 1e6;
          if (status != 200) {
            throw new IllegalStateException(c.getValue()[1] + " answered " + status);
          }
        }
        out.add(latency(c.getKey(), ms));
        log.printf("bench: list %-34s %s%n", c.getKey(), format(out.get(out.size() - 1)));
      }
    }
    return out;
  }

  private void fill(IncidentStore store, long incidents) {
    long have = store.count();
    if (have >= incidents) {
      log.printf("bench: store has %,d incidents already%n", have);
      return;
    }
    log.printf("bench: storing %,d incidents (have %,d)...%n", incidents, have);
    IncidentLifecycle lifecycle = new IncidentLifecycle(new TimeLimits(site().config().timeLimits()));
    IncidentRouter router = new IncidentRouter(site());
    long t0 = System.nanoTime();
    // Reported over the last incidents x 100 ms (a day for a million), all within their week.
    long base = System.currentTimeMillis() - incidents * 100L;
    for (long i = have; i < incidents; i++) {
      // Distinct zones: every alert opens an incident (listing cost does not depend on merges).
      long start = base + i * 100L;
      Alert a = Alert.of("cam-" + (i % CAMERAS), i % 5 == 0 ? AlertScene.THROWING : AlertScene.STREET_OCCUPATION,
          "z-" + i, start, start + 5_000, 0.8, Map.of("coverage", 0.4), start + 5_000, List.of("/e/" + i + ".jpg"));
      var route = router.route(a, start);
      var report = lifecycle.opened(Incident.openedBy(a, route.gridCellId(), route.assignee(), start),
          TimeLimits.priorityOf(a));
      store.put(report.incident(), report.incident().alertIds(), report.audit());
      if ((i + 1) % 100_000 == 0) {
        log.printf("bench:   %,d stored (%.0f s)%n", i + 1, (System.nanoTime() - t0) / 1e9);
      }
    }
    store.sync();
  }

  // --- live -----------------------------------------------------------------------------

  /** Sends {@code alerts} alerts at {@code ratePerSecond} and times each one to its stream event. */
  public Latency live(Path dir, int alerts, int ratePerSecond) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
      kafka.createTopics(Map.of(AlertConsumerSettings.DEFAULT_TOPIC, 1, AlertConsumerSettings.DEFAULT_DEAD_LETTER_TOPIC, 1,
          IncidentServiceConfig.DEFAULT_FEEDBACK_TOPIC, 1));
      IncidentServiceConfig config = IncidentServiceConfig.of(dir.resolve("incidents"), kafka.bootstrapServers(), 0)
          .withSite(site()).withDemoUsers(true);
      try (IncidentService service = IncidentService.start(config);
          KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
              ProducerConfig.LINGER_MS_CONFIG, 0), new ByteArraySerializer(), new ByteArraySerializer())) {
        Http http = new Http(service.port());
        String token = http.login("operator", "operator");
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(alerts + 1); // + the warm-up alert
        CountDownLatch subscribed = new CountDownLatch(1);
        ObjectMapper json = new ObjectMapper();
        Thread reader = new Thread(() -> {
          try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + service.port() + "/api/stream"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build();
            HttpResponse<java.io.InputStream> resp = http.client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
              String line;
              while ((line = in.readLine()) != null) {
                long now = System.nanoTime();
                if (line.startsWith(":")) {
                  subscribed.countDown();
                } else if (line.startsWith("data:")) {
                  JsonNode e = json.readTree(line.substring(5));
                  String id = e.at("/incident/incidentId").asText();
                  if (seenAt.putIfAbsent(id, now) == null) {
                    all.countDown();
                  }
                }
              }
            }
          } catch (Exception e) {
            log.println("bench: stream reader stopped: " + e);
          }
        }, "bench-stream-reader");
        reader.setDaemon(true);
        reader.start();
        if (!subscribed.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("live stream did not answer within 10 s");
        }
        // Warm-up: the consumer group's first assignment takes seconds (the broker's initial
        // rebalance delay); timing starts once one alert has made it through.
        Alert warm = Alert.of("cam-0", AlertScene.STREET_OCCUPATION, "live-warm-up", System.currentTimeMillis(),
            System.currentTimeMillis() + 1_000, 0.8, Map.of(), System.currentTimeMillis() + 1_000, List.of());
        String warmId = "inc-" + warm.alertId().substring(3);
        long warmStart = System.nanoTime();
        producer.send(new ProducerRecord<>(AlertConsumerSettings.DEFAULT_TOPIC, AlertCodec.toBytes(warm)));
        while (!seenAt.containsKey(warmId)) {
          if (System.nanoTime() - warmStart > TimeUnit.SECONDS.toNanos(60)) {
            throw new IllegalStateException("the warm-up alert did not reach the live stream within 60 s");
          }
          Thread.sleep(10);
        }
        log.printf("bench: first alert through after %.1f s (consumer group assignment); timing starts%n",
            (System.nanoTime() - warmStart) / 1e9);
        long periodNs = 1_000_000_000L / ratePerSecond;
        long next = System.nanoTime();
        long base = System.currentTimeMillis();
        for (int i = 0; i < alerts; i++) {
          // Distinct zones: each alert opens its own incident, whose id follows from the alert's.
          long start = base + i;
          Alert a = Alert.of("cam-" + (i % CAMERAS), AlertScene.STREET_OCCUPATION, "live-" + i, start, start + 1_000, 0.8,
              Map.of(), start + 1_000, List.of());
          String incidentId = "inc-" + a.alertId().substring(3);
          while (System.nanoTime() < next) {
            Thread.onSpinWait();
          }
          sentAt.put(incidentId, System.nanoTime());
          producer.send(new ProducerRecord<>(AlertConsumerSettings.DEFAULT_TOPIC, AlertCodec.toBytes(a)));
          next += periodNs;
        }
        if (!all.await(60, TimeUnit.SECONDS)) {
          log.printf("bench: only %d of %d incidents reached the stream%n", alerts - all.getCount(), alerts);
        }
        double[] ms = sentAt.entrySet().stream().filter(e -> seenAt.containsKey(e.getKey()))
            .mapToDouble(e -> (seenAt.get(e.getKey()) - e.getValue()) / 1e6).toArray();
        return latency("alert on Kafka -> live stream, " + ratePerSecond + "/s", ms);
      }
    }
  }

  // --- helpers --------------------------------------------------------------------------

  static Latency latency(String what, double[] ms) {
    double[] s = ms.clone();
    Arrays.sort(s);
    return new Latency(what, s.length, pct(s, 0.50), pct(s, 0.95), s.length == 0 ? Double.NaN : s[s.length - 1]);
  }

  private static double pct(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  }

  /** The machine's one-minute load average: on a shared machine, wall-clock figures depend on it. */
  public static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  public static String format(Latency l) {
    return String.format("n=%d p50 %.1f ms  p95 %.1f ms  max %.1f ms", l.n(), l.p50Ms(), l.p95Ms(), l.maxMs());
  }

  private static final class Http {
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    final int port;

    Http(int port) {
      this.port = port;
    }

    String login(String user, String password) throws Exception {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/login"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("login of " + user + " failed: " + r.body());
      }
      return new ObjectMapper().readTree(r.body()).get("token").asText();
    }

    int get(String token, String path) throws Exception {
      HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
          .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      return r.statusCode();
    }
  }
}
