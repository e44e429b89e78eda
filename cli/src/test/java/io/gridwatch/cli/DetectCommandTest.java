package io.gridwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertCodec;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.ingest.sim.DemoClips;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DetectCommandTest {

  @TempDir static Path dir;
  static Path clip;
  static Path scene;

  @BeforeAll
  static void clipAndScene() throws Exception {
    clip = DemoClips.shopFront(dir.resolve("shop.mp4"), 5, 36, 6, 36);
    scene = Files.writeString(dir.resolve("shop.yaml"), DemoClips.shopFrontScene("cam-shop", "g-01", 6, 1));
  }

  private record Run(int exit, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  private static Run detect(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = GridWatchCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] full = new String[args.length + 1];
    full[0] = "detect";
    System.arraycopy(args, 0, full, 1, args.length);
    int exit = cl.execute(full);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void printsOneJsonAlertPerLineForAGeneratedClip() {
    Run run = detect("--scene", scene.toString(), "--video", clip.toString(), "--evidence-dir", dir.resolve("ev").toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.lines()).hasSize(1);
    Alert alert = AlertCodec.fromJson(run.lines().get(0));
    assertThat(alert.cameraId()).isEqualTo("cam-shop");
    assertThat(alert.scene()).isEqualTo(AlertScene.STREET_OCCUPATION);
    assertThat(alert.zone()).isEqualTo("shop-front");
    assertThat(alert.startMs()).isBetween(5_900L, 6_100L);
    // The dwell time (6 s) or later: the stall counts once it has stood still for the detector's
    // short-term time constant, which at this contrast takes up to about 20 s.
    assertThat(alert.emittedMs() - alert.startMs()).isBetween(5_900L, 25_000L);
    assertThat(alert.evidence()).singleElement().satisfies(p -> assertThat(Path.of(p)).isRegularFile());
    assertThat(run.err()).contains("1 alert(s)");
  }

  @Test
  void sameClipGivesTheSameAlertIds() {
    assertThat(detect("--scene", scene.toString(), "--video", clip.toString()).out())
        .isEqualTo(detect("--scene", scene.toString(), "--video", clip.toString()).out());
  }

  @Test
  void missingVideoExitsTwoNamingTheFile() {
    Run run = detect("--scene", scene.toString(), "--video", dir.resolve("nope.mp4").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip()).startsWith("gridwatch: ").contains("nope.mp4").contains("not found").doesNotContain("\n");
  }

  @Test
  void undecodableVideoExitsTwo() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.mp4"), "not a video at all\n".repeat(50));
    Run run = detect("--scene", scene.toString(), "--video", junk.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("junk.mp4");
  }

  @Test
  void badSceneFileExitsTwoNamingFileLineAndKey() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), """
        cameraId: cam-shop
        gridId: g-01
        scene: street-occupation
        streetOccupation:
          zones:
            - {id: a, polygon: [[0,0],[10,0],[10,10]], dwellSecs: 3}
        """);
    Run run = detect("--scene", bad.toString(), "--video", clip.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("bad.yaml:6").contains("unknown key 'dwellSecs'");
  }

  @Test
  void missingRequiredOptionExitsTwoWithUsage() {
    Run run = detect("--scene", scene.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--video");
  }
}
