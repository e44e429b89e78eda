package io.gridwatch.cli;

import io.gridwatch.analytics.detect.ClipReplay;
import io.gridwatch.analytics.detect.Detectors;
import io.gridwatch.analytics.evidence.EvidenceStore;
import io.gridwatch.cli.GridWatchCli.BadInputException;
import io.gridwatch.contracts.alert.AlertCodec;
import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.contracts.config.YamlConfigReader;
import io.gridwatch.contracts.config.DecoderKind;
import io.gridwatch.ingest.decode.DecoderFactory;
import io.gridwatch.ingest.decode.VideoDecoder;
import io.gridwatch.ingest.source.ReconnectingDecoder;
import io.gridwatch.ingest.decode.StreamUrls;
import io.gridwatch.ingest.decode.VideoSourceException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gridwatch detect}: one camera's scene over a clip, alerts as JSON Lines on stdout. */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
        "Runs one camera's scene over a video with the same detectors as the streaming job.",
        "Prints one JSON object per alert per line on stdout; logs and the summary go to stderr.",
        "Times (startMs, endMs, emittedMs) are media time from the start of the video.",
        "An rtsp:// URL is watched until Ctrl-C, reconnecting whenever the stream drops.",
        "Exit codes: 0 success, 2 bad input (the message names the file or key at fault)."})
final class DetectCommand implements Callable<Integer> {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--scene", required = true, paramLabel = "SCENE.yaml", description = "The camera's scene file.")
  Path scene;

  @Option(names = "--video", required = true, paramLabel = "FILE_OR_URL", description = "A video file (or stream URL).")
  String video;

  @Option(names = "--evidence-dir", paramLabel = "DIR",
      description = "Write an annotated snapshot per alert here and reference it from the alert (default: none).")
  Path evidenceDir;

  @Option(names = "--decoder", defaultValue = "ffmpeg", paramLabel = "ffmpeg|gstreamer",
      description = "Decoder back-end (default: ${DEFAULT-VALUE}).")
  String decoder;

  /** A file is read once; a live stream is read until Ctrl-C, reconnecting when it drops. */
  private VideoDecoder decoderFor(SceneConfig sceneConfig) {
    DecoderKind kind;
    try {
      kind = DecoderKind.fromWireName(decoder);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--decoder: " + e.getMessage());
    }
    DecoderFactory factory = DecoderFactory.standard(Duration.ofSeconds(10));
    boolean keyFramesOnly = sceneConfig.sampling().keyFramesOnly();
    if (!StreamUrls.isLive(video)) {
      return factory.create(sceneConfig.cameraId(), video, kind, keyFramesOnly);
    }
    return new ReconnectingDecoder(sceneConfig.cameraId(), video,
        () -> factory.create(sceneConfig.cameraId(), video, kind, keyFramesOnly));
  }

  @Override
  public Integer call() throws Exception {
    SceneConfig sceneConfig = YamlConfigReader.read(scene, SceneConfig.class);
    if (!StreamUrls.isLive(video) && !Files.isRegularFile(Path.of(video))) {
      throw new BadInputException(video + ": video file not found");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long started = System.nanoTime();
    ClipReplay replay = new ClipReplay(sceneConfig, evidenceDir == null ? null : new EvidenceStore(evidenceDir));
    ClipReplay.Summary summary;
    try {
      summary = replay.run(decoderFor(sceneConfig), alert -> {
        out.println(AlertCodec.toJson(alert));
        out.flush();
      });
    } catch (VideoSourceException e) {
      throw new BadInputException(e.getMessage());
    } catch (Detectors.UnsupportedSceneException e) {
      throw new BadInputException(scene + ": " + e.getMessage());
    }
    if (summary.framesDecoded() == 0) {
      throw new BadInputException(StreamUrls.redact(video) + ": no video frame could be decoded");
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    err.printf(Locale.ROOT, "detect: %d frames decoded, %d sampled, %d alert(s) over %.1f s of video in %.1f s%n",
        summary.framesDecoded(), summary.framesSampled(), summary.alerts(), summary.mediaMs() / 1000.0, seconds);
    err.flush();
    return 0;
  }
}
