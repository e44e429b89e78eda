package io.gridwatch.cli;

import io.gridwatch.alerts.store.IncidentFilter;
import io.gridwatch.cli.demo.DemoSite;
import io.gridwatch.cli.embedded.EmbeddedRuntime;
import io.gridwatch.contracts.incident.Incident;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gridwatch demo}: the whole system in one JVM on a generated demo site. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "Runs GridWatch in one JVM: an in-process Kafka broker, a Flink MiniCluster (RocksDB state",
        "backend, checkpointing on) running the detection job on simulated cameras, and the incident",
        "service with its REST API. Ctrl-C stops everything; a second start reuses stored incidents."})
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8080", description = "Incident API port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
      description = "Where Kafka, incidents, evidence and the demo site live (default: ./${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--site", paramLabel = "SITE.yaml",
      description = "Run this site instead of the generated demo site.")
  Path site;

  @Option(names = "--kafka-port", defaultValue = "0", description = "Kafka client port (default: any free port).")
  int kafkaPort;

  @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--users", paramLabel = "USERS.yaml",
      description = "Users who may log in to the API (see docs/configuration.md); without it the demo logins work.")
  Path users;

  @Option(names = "--run-for", paramLabel = "DURATION",
      description = "Stop by itself after this long, e.g. PT2M (default: run until Ctrl-C).")
  Duration runFor;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    long t0 = System.nanoTime();
    Path data = dataDir.toAbsolutePath().normalize();
    Path siteFile = site != null ? site : DemoSite.prepare(data.resolve("demo"), m -> out.println("  " + m));
    EmbeddedRuntime runtime = EmbeddedRuntime.start(
        new EmbeddedRuntime.Options(data, siteFile, port, kafkaPort, parallelism, 10, users), m -> out.println("  " + m));

    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      out.println("stopping GridWatch ...");
      runtime.close();
      out.println("stopped.");
      stopped.countDown();
    }, "gridwatch-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    var cfg = runtime.site().config();
    long stored = runtime.incidents().store().count();
    out.printf("%nGridWatch is running (started in %.1f s)%n", (System.nanoTime() - t0) / 1e9);
    out.printf("  site:       %s: %d grid cells, %d cameras, %d grid workers (%s)%n", cfg.name(),
        cfg.gridCells().size(), cfg.cameras().size(), cfg.workers().size(), siteFile);
    out.printf("  kafka:      %s (in-process KRaft broker), alerts on topic gridwatch.alerts%n",
        runtime.kafkaBootstrapServers());
    out.printf("  flink:      MiniCluster, job %s, RocksDB state backend, checkpoint every 10 s%n", runtime.jobId());
    out.printf("  incidents:  http://localhost:%d/api/incidents  (%d stored from earlier runs)%n",
        runtime.apiPort(), stored);
    if (users == null) {
      out.printf("  logins:     operator/operator, engineer/engineer, admin/admin; grid workers %s/worker (demo only)%n",
          String.join(", ", cfg.workers().stream().map(w -> w.id()).toList()));
      out.printf("              POST http://localhost:%d/api/login {\"user\":..,\"password\":..}; walk-through: README%n",
          runtime.apiPort());
    } else {
      out.printf("  logins:     from %s%n", users);
    }
    out.printf("  data:       %s%n", data);
    out.println("The simulated cameras loop one-minute clips; the first incidents appear within about 30 s.");
    out.println(runFor == null ? "Press Ctrl-C to stop." : "Stopping by itself after " + runFor + ".");

    Set<String> seen = new HashSet<>();
    runtime.incidents().store().list(0, 500, IncidentFilter.ALL).items().forEach(i -> seen.add(key(i)));
    long deadline = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
    while (!stopped.await(2, TimeUnit.SECONDS)) {
      try {
        for (Incident i : runtime.incidents().store().list(0, 20, IncidentFilter.ALL).items()) {
          if (seen.add(key(i))) {
            out.printf("incident %s  %-20s %s  camera %s zone %s  cell %s  → %s  (%d alert%s, light %s)%n",
                i.incidentId(), i.status(), i.scene(), i.cameraId(), i.zone(), i.gridCellId(), i.assignee(),
                i.alertCount(), i.alertCount() == 1 ? "" : "s", i.lightAt(System.currentTimeMillis()));
          }
        }
      } catch (RuntimeException e) {
        // the store is closing under a Ctrl-C; the hook finishes the job
      }
      if (System.nanoTime() > deadline) {
        Runtime.getRuntime().removeShutdownHook(hook);
        hook.run();
      }
    }
    return 0;
  }

  /** What makes an incident worth a new line: new, another alert, or another step of its lifecycle. */
  private static String key(Incident i) {
    return i.incidentId() + "/" + i.alertCount() + "/" + i.status() + "/" + i.assignee() + "/" + i.escalation();
  }
}
