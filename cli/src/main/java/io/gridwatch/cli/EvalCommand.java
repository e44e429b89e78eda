package io.gridwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gridwatch.analytics.detect.ClipReplay;
import io.gridwatch.analytics.detect.Detectors;
import io.gridwatch.analytics.eval.ClipScore;
import io.gridwatch.analytics.eval.EvalSummary;
import io.gridwatch.analytics.eval.EventMatcher;
import io.gridwatch.cli.GridWatchCli.BadInputException;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.contracts.config.YamlConfigReader;
import io.gridwatch.contracts.labels.LabelledEvent;
import io.gridwatch.contracts.labels.Labels;
import io.gridwatch.ingest.Parallel;
import io.gridwatch.ingest.decode.DecoderFactory;
import io.gridwatch.contracts.config.DecoderKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gridwatch eval}: scores the detectors on labelled clips. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
        "Scores the detectors on every clip under a folder that has a labels file (*.labels.json).",
        "Each clip runs through the same code as `gridwatch detect`; alerts are matched to labelled",
        "events of the same scene and zone whose time span, widened by the tolerance, overlaps them.",
        "Prints a table per alert scene (recall, precision, false alarms per camera-hour and -day,",
        "alerts per event, latency after the event's end and delay after its start (median, p95),",
        "origin-floor accuracy) and writes a JSON report."})
final class EvalCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--clips", required = true, paramLabel = "DIR", description = "Folder with clips and labels files.")
  Path clips;

  @Option(names = "--tolerance-ms", defaultValue = "2000",
      description = "How far an alert may lie outside an event and still match it (default: ${DEFAULT-VALUE}).")
  long toleranceMs;

  @Option(names = "--report", paramLabel = "FILE",
      description = "Write the JSON report here (default: DIR/eval-report.json).")
  Path report;

  @Option(names = "--jobs", defaultValue = "1", paramLabel = "N",
      description = "Clips replayed at once, one core each (default: ${DEFAULT-VALUE}); the scores do not depend on it.")
  int jobs;

  @Option(names = "--verbose", description = "Also print each clip's score, misses and false alarms.")
  boolean verbose;

  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isDirectory(clips)) {
      throw new BadInputException(clips + ": not a folder");
    }
    List<Path> labelFiles;
    try (Stream<Path> files = Files.walk(clips)) {
      labelFiles = files.filter(p -> p.getFileName().toString().endsWith(".labels.json")).sorted().toList();
    }
    if (labelFiles.isEmpty()) {
      throw new BadInputException(clips + ": no *.labels.json file found");
    }

    Map<String, List<ClipScore>> byScene = new LinkedHashMap<>();
    List<ClipScore> all = new ArrayList<>();
    Set<String> withoutDetector = new LinkedHashSet<>();
    List<ClipScore> details = new ArrayList<>();
    long started = System.nanoTime();
    List<Replayed> replayed = replayAll(labelFiles, err, started);
    for (Replayed r : replayed) {
      Labels labels = r.labels();
      Path dir = r.labelsFile().getParent();
      List<Alert> alerts = r.alerts();
      if (r.withoutDetector()) {
        withoutDetector.add(r.sceneName()); // scored with no alerts: every event is a miss
      }
      for (AlertScene s : scenesOf(labels, alerts)) {
        ClipScore score = EventMatcher.score(dir.relativize(dir.resolve(labels.video())).toString(), labels, s, alerts,
            toleranceMs);
        byScene.computeIfAbsent(s.wireName(), k -> new ArrayList<>()).add(score);
        all.add(score);
        if (verbose) {
          details.add(score);
        }
      }
    }
    progress(err, labelFiles.size(), labelFiles.size(), "done", started);
    err.println();
    err.flush();
    details.forEach(score -> printClip(out, score));

    List<EvalSummary> summaries = new ArrayList<>();
    byScene.forEach((scene, scores) -> summaries.add(EvalSummary.of(scene, scores)));
    printTable(out, summaries);
    withoutDetector.forEach(s -> out.println("note: this build has no detector for scene '" + s
        + "'; its clips were scored with no alerts"));
    Path reportFile = report != null ? report : clips.resolve("eval-report.json");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("clips", labelFiles.size());
    json.put("toleranceMs", toleranceMs);
    json.put("summaries", summaries);
    json.put("perClip", all);
    Files.writeString(reportFile, JSON.writeValueAsString(json) + "\n");
    out.println("report: " + reportFile);
    out.flush();
    return 0;
  }

  /** One clip's alerts. */
  private record Replayed(Path labelsFile, Labels labels, List<Alert> alerts, String sceneName, boolean withoutDetector) {}

  /** Replays every clip, {@code jobs} at a time, and returns their alerts in the order of the clips. */
  private List<Replayed> replayAll(List<Path> labelFiles, PrintWriter err, long started) throws IOException {
    if (jobs < 1 || jobs > 64) {
      throw new BadInputException("--jobs: must be within 1..64, got " + jobs);
    }
    int[] done = {0};
    progress(err, 0, labelFiles.size(), labelFiles.get(0).getFileName().toString(), started);
    return Parallel.map(labelFiles, jobs, "gridwatch-eval", labelsFile -> {
      Replayed r = replay(labelsFile);
      synchronized (done) {
        progress(err, ++done[0], labelFiles.size(), labelsFile.getFileName().toString(), started);
      }
      return r;
    });
  }

  private static Replayed replay(Path labelsFile) {
    Labels labels = readLabels(labelsFile);
    Path dir = labelsFile.getParent();
    SceneConfig scene = YamlConfigReader.read(dir.resolve(labels.sceneFile()), SceneConfig.class);
    List<Alert> alerts = new ArrayList<>();
    try {
      new ClipReplay(scene, null).run(DecoderFactory.standard(Duration.ofSeconds(10)).create(scene.cameraId(),
          dir.resolve(labels.video()).toString(), DecoderKind.FFMPEG, scene.sampling().keyFramesOnly()), alerts::add);
    } catch (Detectors.UnsupportedSceneException e) {
      return new Replayed(labelsFile, labels, List.of(), scene.scene().wireName(), true);
    } catch (IOException e) {
      throw new BadInputException(labelsFile + ": " + e.getMessage());
    }
    return new Replayed(labelsFile, labels, alerts, scene.scene().wireName(), false);
  }

  private static Labels readLabels(Path file) {
    try {
      return Labels.read(file);
    } catch (IOException | RuntimeException e) {
      throw new BadInputException(file + ": " + e.getMessage());
    }
  }

  /** The alert scenes to score: those labelled (events or nuisances) and those alerted. */
  private static Set<AlertScene> scenesOf(Labels labels, List<Alert> alerts) {
    Set<AlertScene> scenes = new LinkedHashSet<>();
    labels.events().stream().map(LabelledEvent::scene).forEach(scenes::add);
    labels.nuisances().stream().map(LabelledEvent::scene).forEach(scenes::add);
    alerts.stream().map(Alert::scene).forEach(scenes::add);
    return scenes;
  }

  private static void progress(PrintWriter err, int done, int total, String current, long startedNanos) {
    int width = 30;
    int filled = total == 0 ? width : done * width / total;
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    err.printf(Locale.ROOT, "\r[%s%s] %d/%d clips  %.0f s  %-40.40s", "#".repeat(filled), ".".repeat(width - filled),
        done, total, seconds, current);
    err.flush();
  }

  private static void printTable(PrintWriter out, List<EvalSummary> summaries) {
    out.printf(Locale.ROOT, "%-18s %5s %7s %6s %6s %7s %9s %8s %7s %9s %9s %9s %9s %7s %7s%n", "scene", "clips",
        "hours", "events", "recall", "precis.", "FA/cam-h", "FA/cam-d", "al/evt", "lat.med", "lat.p95", "start.med",
        "start.p95", "floor=", "floor±1");
    for (EvalSummary s : summaries) {
      out.printf(Locale.ROOT, "%-18s %5d %7.2f %6d %6s %7s %9s %8s %7s %9s %9s %9s %9s %7s %7s%n", s.scene(), s.clips(),
          s.hours(), s.events(), f(s.recall(), 3), f(s.precision(), 3), f(s.falseAlarmsPerCameraHour(), 2),
          f(s.falseAlarmsPerCameraDay(), 1), f(s.alertsPerEvent(), 2), ms(s.latencyMedianMs()), ms(s.latencyP95Ms()),
          ms(s.startDelayMedianMs()), ms(s.startDelayP95Ms()), f(s.floorExact(), 3), f(s.floorWithin1(), 3));
      if (!s.falseAlarmsByNuisance().isEmpty()) {
        out.println("  false alarms by nuisance: " + s.falseAlarmsByNuisance());
      }
    }
  }

  private static void printClip(PrintWriter out, ClipScore s) {
    out.printf(Locale.ROOT, "%s [%s]: %d/%d events, %d alerts (%d duplicates, %d false alarms)%n", s.clip(), s.scene(),
        s.matched(), s.events(), s.alerts(), s.duplicates(), s.falseAlarms());
    s.missed().forEach(e -> out.printf(Locale.ROOT, "  missed %s %s %d..%d ms%n", e.kind(), e.zone() == null ? "" : e.zone(),
        e.startMs(), e.endMs()));
    s.floorMisses().forEach(m -> out.printf(Locale.ROOT, "  floor %d reported for a %s from floor %d, %d..%d ms%n",
        m.reportedFloor(), m.event().kind(), m.event().originFloor(), m.event().startMs(), m.event().endMs()));
    s.falseAlarmAlerts().forEach(f -> out.printf(Locale.ROOT, "  false alarm %d..%d ms%s%n", f.alert().startMs(),
        f.alert().endMs(), f.nuisance() == null ? "" : " during " + f.nuisance().kind()));
  }

  private static String f(double v, int decimals) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0fms", v);
  }
}
