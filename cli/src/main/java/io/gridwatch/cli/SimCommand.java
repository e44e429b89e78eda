package io.gridwatch.cli;

import io.gridwatch.cli.GridWatchCli.BadInputException;
import io.gridwatch.ingest.sim.scenes.ProgressListener;
import io.gridwatch.ingest.sim.scenes.SceneSim;
import io.gridwatch.ingest.sim.scenes.SimClip;
import io.gridwatch.ingest.sim.scenes.SimSeries;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gridwatch sim}: labelled, camera-like footage of one scene kind. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = {
        "Renders labelled, camera-like footage of one scene kind: H.264 clips",
        "(25 fps, no B-frames, a key frame every 2 s, sensor noise, compression,",
        "slow light changes), each with a scene file <name>.scene.yaml and a",
        "labels file <name>.labels.json, ready for `gridwatch eval --clips DIR`.",
        "The footage is cut into clips of at most --clip-minutes, named",
        "<scene>-<seed>-<index>.mp4; each clip is a different camera. The same",
        "seed, length and size always give the same clips and labels.",
        "Progress goes to stderr, the list of clips to stdout.",
        "Exit codes: 0 success, 2 bad input."})
final class SimCommand implements Callable<Integer> {

  private static final Pattern SIZE = Pattern.compile("(\\d{2,5})x(\\d{2,5})");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--scene", required = true, paramLabel = "throwing|street-occupation|river",
      description = "Scene kind to simulate.")
  String scene;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the footage (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--minutes", defaultValue = "10", paramLabel = "M",
      description = "Minutes of footage in all, e.g. 120 or 0.5 (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(names = "--size", defaultValue = "1280x720", paramLabel = "WxH",
      description = "Frame size, e.g. 1280x720 or 1920x1080 (default: ${DEFAULT-VALUE}).")
  String size;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the clips to.")
  Path out;

  @Option(names = "--clip-minutes", defaultValue = "10", paramLabel = "M",
      description = "Longest clip (default: ${DEFAULT-VALUE}).")
  double clipMinutes;

  @Option(names = "--jobs", defaultValue = "1", paramLabel = "N",
      description = "Clips rendered at the same time, one core each (default: ${DEFAULT-VALUE}).")
  int jobs;

  @Option(names = "--keep-complete", description = {"Keep the clips already complete in --out (their labels file",
      "is written last) and render only the rest, so that an interrupted series resumes. Give the same",
      "--scene, --seed, --minutes, --clip-minutes and --size as before."})
  boolean keepComplete;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SceneSim sim;
    try {
      sim = SceneSim.forScene(scene);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--scene: " + e.getMessage());
    }
    Matcher m = SIZE.matcher(size);
    if (!m.matches()) {
      throw new BadInputException("--size: '" + size + "' is not WIDTHxHEIGHT, e.g. 1280x720 or 1920x1080");
    }
    int width = Integer.parseInt(m.group(1));
    int height = Integer.parseInt(m.group(2));
    if (width % 2 != 0 || height % 2 != 0 || width < 320 || height < 180 || width > 3840 || height > 2160) {
      throw new BadInputException("--size: " + size + " must be even, from 320x180 to 3840x2160");
    }
    if (!(minutes > 0) || minutes > 7 * 24 * 60) {
      throw new BadInputException("--minutes: must be more than 0 and at most 10080 (a week), got " + minutes);
    }
    if (!(clipMinutes > 0) || clipMinutes > 24 * 60) {
      throw new BadInputException("--clip-minutes: must be more than 0 and at most 1440, got " + clipMinutes);
    }
    if (jobs < 1 || jobs > 64) {
      throw new BadInputException("--jobs: must be within 1..64, got " + jobs);
    }
    if (Files.exists(this.out) && !Files.isDirectory(this.out)) {
      throw new BadInputException(this.out + ": not a folder");
    }
    int totalSeconds = (int) Math.max(1, Math.round(minutes * 60));
    int clipSeconds = (int) Math.max(1, Math.round(clipMinutes * 60));
    List<SimSeries.Part> parts = SimSeries.parts(sim.scene(), seed, totalSeconds, clipSeconds);
    err.printf(Locale.ROOT, "sim: %s, seed %d, %s of footage at %dx%d as %d clip(s), into %s%n", sim.scene(), seed,
        duration(totalSeconds), width, height, parts.size(), this.out);
    err.flush();

    long started = System.nanoTime();
    List<SimClip> clips;
    try {
      clips = SimSeries.render(sim, this.out, seed, totalSeconds, clipSeconds, width, height, jobs, keepComplete,
          new ProgressListener() {
            private long lastPrint;

            @Override
            public void progress(ProgressListener.Progress p) {
              long now = System.nanoTime();
              if (now - lastPrint >= 250_000_000L || p.frames() == p.totalFrames()) { // 4 lines a second at most
                lastPrint = now;
                SimCommand.progress(err, p);
              }
            }
          });
    } catch (IOException e) {
      err.println();
      throw new BadInputException(this.out + ": " + e.getMessage());
    }
    err.println();
    err.flush();
    long frames = 0;
    for (SimClip c : clips) {
      if (c.renderNanos() > 0) { // a kept clip was not rendered this time
        frames += c.frames();
      }
      out.printf(Locale.ROOT, "%s  %s  %dx%d  %d events, %d nuisances%n", c.video().getFileName(),
          duration(c.frames() / SceneSim.FPS), width, height, c.labels().events().size(), c.labels().nuisances().size());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    out.printf(Locale.ROOT, "wrote %d clip(s), %s of footage, in %.0f s (%.1f frames/s); score them with: "
        + "gridwatch eval --clips %s%n", clips.size(), duration(totalSeconds), seconds, frames / Math.max(1e-9, seconds),
        this.out);
    out.flush();
    return 0;
  }

  private static void progress(PrintWriter err, ProgressListener.Progress p) {
    int barWidth = 30;
    int filled = (int) Math.min(barWidth, Math.round(p.fraction() * barWidth));
    double eta = p.etaSeconds();
    err.printf(Locale.ROOT, "\r[%s%s] %d/%d frames %3.0f%%  %.1f fps  ETA %s  %-28.28s", "#".repeat(filled),
        ".".repeat(barWidth - filled), p.frames(), p.totalFrames(), p.fraction() * 100, p.framesPerSecond(),
        Double.isNaN(eta) ? "-" : duration((long) Math.ceil(eta)), p.clip());
    err.flush();
  }

  /** 1h02m03s, 4m05s or 6s. */
  static String duration(long seconds) {
    long h = seconds / 3600, m = seconds % 3600 / 60, s = seconds % 60;
    if (h > 0) {
      return String.format(Locale.ROOT, "%dh%02dm%02ds", h, m, s);
    }
    return m > 0 ? String.format(Locale.ROOT, "%dm%02ds", m, s) : s + "s";
  }
}
