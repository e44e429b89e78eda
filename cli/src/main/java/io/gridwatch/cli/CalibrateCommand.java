package io.gridwatch.cli;

import io.gridwatch.analytics.detect.throwing.Facade;
import io.gridwatch.analytics.vision.Images;
import io.gridwatch.cli.GridWatchCli.BadInputException;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.contracts.config.SceneKind;
import io.gridwatch.contracts.config.YamlConfigReader;
import io.gridwatch.ingest.decode.FfmpegDecoder;
import io.gridwatch.ingest.decode.VideoDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gridwatch calibrate throwing}: the facade grid drawn over a still, to check the corners. */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description = {
        "Draws a scene's calibration over a still of its video, so an engineer can see whether it fits.",
        "throwing: the facade's corners and its floors x columns grid, with floor and column numbers."})
final class CalibrateCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "throwing", description = "Scene kind to calibrate (throwing).")
  String kind;

  @Option(names = "--scene", required = true, paramLabel = "SCENE.yaml", description = "The camera's scene file.")
  Path scene;

  @Option(names = "--video", required = true, paramLabel = "FILE_OR_URL", description = "A clip (or stream) of the camera.")
  String video;

  @Option(names = "--at", defaultValue = "0", paramLabel = "SECONDS", description = "Take the still this far in (default: first frame).")
  double atSeconds;

  @Option(names = "--out", paramLabel = "FILE.jpg", description = "Where to write the still (default: SCENE with .calibration.jpg).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!"throwing".equals(kind)) {
      throw new BadInputException("calibrate: unknown scene kind '" + kind + "'; this build calibrates: throwing");
    }
    SceneConfig config = YamlConfigReader.read(scene, SceneConfig.class);
    if (config.scene() != SceneKind.THROWING) {
      throw new BadInputException(scene + ": is a '" + config.scene().wireName() + "' scene, not throwing");
    }
    Frame still = still(config.cameraId());
    Facade facade = new Facade(config.throwing());
    Path target = out != null ? out : Path.of(scene.toString().replaceAll("\\.ya?ml$", "") + ".calibration.jpg");
    try (Mat image = Images.toMat(still)) {
      drawGrid(image, facade);
      Files.write(target, Images.jpeg(image, 90));
    }
    spec.commandLine().getOut().println("wrote " + target + " (" + facade.floors() + " floors x " + facade.columns()
        + " columns over a " + still.width() + "x" + still.height() + " frame)");
    return 0;
  }

  private Frame still(String cameraId) {
    if (!video.contains("://") && !Files.isRegularFile(Path.of(video))) {
      throw new BadInputException(video + ": video file not found");
    }
    try (VideoDecoder decoder = new FfmpegDecoder(cameraId, video, Duration.ofSeconds(10))) {
      decoder.open();
      Frame frame;
      Frame last = null;
      while ((frame = decoder.next()) != null) {
        last = frame;
        if (frame.ptsMs() >= atSeconds * 1000) {
          return frame;
        }
      }
      if (last == null) {
        throw new BadInputException(video + ": no video frame could be decoded");
      }
      return last;
    } catch (java.io.IOException e) {
      throw new BadInputException(e.getMessage());
    }
  }

  /** Floor lines (yellow), column lines (cyan), corners (red), numbers on the left and top. */
  private static void drawGrid(Mat image, Facade facade) {
    double w = facade.widthMeters();
    double h = facade.heightMeters();
    int thickness = Math.max(1, image.cols() / 800);
    for (int f = 0; f <= facade.floors(); f++) {
      double v = f * facade.floorHeightMeters();
      line(image, facade.toImage(0, v), facade.toImage(w, v), new Scalar(0, 255, 255, 0), thickness);
      if (f < facade.floors()) {
        double[] label = facade.toImage(-0.6 * facade.columnWidthMeters(), v + 0.6 * facade.floorHeightMeters());
        text(image, Integer.toString(facade.floors() - f), label, new Scalar(0, 255, 255, 0));
      }
    }
    for (int c = 0; c <= facade.columns(); c++) {
      double u = c * facade.columnWidthMeters();
      line(image, facade.toImage(u, 0), facade.toImage(u, h), new Scalar(255, 255, 0, 0), thickness);
      if (c < facade.columns()) {
        double[] label = facade.toImage(u + 0.35 * facade.columnWidthMeters(), -0.3 * facade.floorHeightMeters());
        text(image, Integer.toString(c + 1), label, new Scalar(255, 255, 0, 0));
      }
    }
    for (double[] corner : new double[][] {{0, 0}, {w, 0}, {w, h}, {0, h}}) {
      double[] p = facade.toImage(corner[0], corner[1]);
      opencv_imgproc.circle(image, new Point((int) p[0], (int) p[1]), 6 * thickness, new Scalar(0, 0, 255, 0), -1,
          opencv_imgproc.LINE_AA, 0);
    }
  }

  private static void line(Mat image, double[] a, double[] b, Scalar colour, int thickness) {
    opencv_imgproc.line(image, new Point((int) a[0], (int) a[1]), new Point((int) b[0], (int) b[1]), colour, thickness,
        opencv_imgproc.LINE_AA, 0);
  }

  private static void text(Mat image, String s, double[] at, Scalar colour) {
    double size = Math.max(0.5, image.cols() / 1600.0);
    opencv_imgproc.putText(image, s, new Point((int) at[0], (int) at[1]), opencv_imgproc.FONT_HERSHEY_SIMPLEX, size,
        colour, Math.max(1, (int) Math.round(size * 2)), opencv_imgproc.LINE_AA, false);
  }
}
