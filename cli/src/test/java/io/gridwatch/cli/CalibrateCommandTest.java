package io.gridwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.ingest.sim.DemoClips;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CalibrateCommandTest {

  @TempDir Path dir;

  private int calibrate(String... args) {
    CommandLine cl = GridWatchCli.commandLine();
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    String[] full = new String[args.length + 1];
    full[0] = "calibrate";
    System.arraycopy(args, 0, full, 1, args.length);
    return cl.execute(full);
  }

  @Test
  void writesAStillWithTheFacadeGridNextToTheSceneFile() throws Exception {
    Path clip = DemoClips.shopFront(dir.resolve("c.mp4"), 1, 2, 100, 100);
    Path scene = Files.writeString(dir.resolve("cam.yaml"), """
        cameraId: cam-t
        gridId: g-01
        scene: throwing
        throwing: {facade: [[200,20],[440,20],[470,300],[170,300]], floors: 9, columns: 4}
        """);
    assertThat(calibrate("throwing", "--scene", scene.toString(), "--video", clip.toString())).isZero();
    Path still = dir.resolve("cam.calibration.jpg");
    assertThat(still).isRegularFile();
    assertThat(Files.readAllBytes(still)).startsWith((byte) 0xFF, (byte) 0xD8); // a JPEG
  }

  @Test
  void aSceneOfAnotherKindExitsTwo() throws Exception {
    Path clip = DemoClips.shopFront(dir.resolve("c.mp4"), 1, 1, 100, 100);
    Path scene = Files.writeString(dir.resolve("shop.yaml"), DemoClips.shopFrontScene("cam-s", "g-01", 10, 1));
    assertThat(calibrate("throwing", "--scene", scene.toString(), "--video", clip.toString())).isEqualTo(2);
  }
}
