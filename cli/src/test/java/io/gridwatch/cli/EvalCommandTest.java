package io.gridwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.labels.LabelledEvent;
import io.gridwatch.contracts.labels.Labels;
import io.gridwatch.ingest.sim.DemoClips;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalCommandTest {

  @TempDir Path dir;

  private int eval(StringWriter out, String... args) {
    CommandLine cl = GridWatchCli.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    String[] full = new String[args.length + 1];
    full[0] = "eval";
    System.arraycopy(args, 0, full, 1, args.length);
    return cl.execute(full);
  }

  @Test
  void scoresALabelledClipAndWritesTheReport() throws Exception {
    DemoClips.shopFront(dir.resolve("shop.mp4"), 8, 40, 6, 40);
    Files.writeString(dir.resolve("shop.scene.yaml"), DemoClips.shopFrontScene("cam-shop", "g-01", 8, 1));
    LabelledEvent stall = new LabelledEvent(AlertScene.STREET_OCCUPATION, 6_000, 40_000, "shop-front", null, null,
        "stall", null);
    LabelledEvent ghost = new LabelledEvent(AlertScene.STREET_OCCUPATION, 15_000, 40_000, "elsewhere", null, null,
        "rack", null);
    new Labels("shop.mp4", "shop.scene.yaml", "street-occupation", 40_000, List.of(stall, ghost), List.of())
        .write(dir.resolve("shop.labels.json"));

    StringWriter out = new StringWriter();
    assertThat(eval(out, "--clips", dir.toString())).isZero();

    assertThat(out.toString()).contains("street-occupation").contains("0.500"); // 1 of 2 events found
    JsonNode report = new ObjectMapper().readTree(dir.resolve("eval-report.json").toFile());
    JsonNode summary = report.get("summaries").get(0);
    assertThat(summary.get("events").asInt()).isEqualTo(2);
    assertThat(summary.get("matched").asInt()).isEqualTo(1);
    assertThat(summary.get("precision").asDouble()).isEqualTo(1.0);
    // dwell time 8 s, or later once the stall has stood still long enough to count (up to ~20 s)
    assertThat(summary.get("startDelayMedianMs").asDouble()).isBetween(7_500.0, 25_000.0);
  }

  @Test
  void clipsReplayedInParallelScoreAsWhenReplayedOneByOne() throws Exception {
    for (String name : List.of("a", "b", "c")) {
      DemoClips.shopFront(dir.resolve(name + ".mp4"), 8, 30, 6, 30);
      Files.writeString(dir.resolve(name + ".scene.yaml"), DemoClips.shopFrontScene("cam-" + name, "g-01", 8, 1));
      LabelledEvent stall = new LabelledEvent(AlertScene.STREET_OCCUPATION, 6_000, 30_000, "shop-front", null, null,
          "stall", null);
      new Labels(name + ".mp4", name + ".scene.yaml", "street-occupation", 30_000, List.of(stall), List.of())
          .write(dir.resolve(name + ".labels.json"));
    }
    ObjectMapper json = new ObjectMapper();
    assertThat(eval(new StringWriter(), "--clips", dir.toString(), "--report", dir.resolve("one.json").toString()))
        .isZero();
    assertThat(eval(new StringWriter(), "--clips", dir.toString(), "--jobs", "3", "--report",
        dir.resolve("three.json").toString())).isZero();

    JsonNode one = json.readTree(dir.resolve("one.json").toFile());
    JsonNode three = json.readTree(dir.resolve("three.json").toFile());
    assertThat(one.get("summaries").get(0).get("matched").asInt()).isEqualTo(3);
    assertThat(three.get("summaries")).isEqualTo(one.get("summaries"));
    assertThat(three.get("perClip")).isEqualTo(one.get("perClip"));
  }

  @Test
  void aFolderWithoutLabelsExitsTwo() {
    assertThat(eval(new StringWriter(), "--clips", dir.toString())).isEqualTo(2);
    assertThat(eval(new StringWriter(), "--clips", dir.resolve("nope").toString())).isEqualTo(2);
  }
}
