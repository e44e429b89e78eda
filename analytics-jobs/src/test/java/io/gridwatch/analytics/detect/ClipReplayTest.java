package io.gridwatch.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.contracts.config.YamlConfigReader;
import io.gridwatch.ingest.decode.FfmpegDecoder;
import io.gridwatch.ingest.sim.DemoClips;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipReplayTest {

  @TempDir Path dir;

  private List<Alert> replay(Path clip, String sceneYaml) throws Exception {
    SceneConfig scene = YamlConfigReader.parse(dir.resolve("scene.yaml"), sceneYaml, SceneConfig.class);
    List<Alert> alerts = new ArrayList<>();
    ClipReplay.Summary summary = new ClipReplay(scene, null)
        .run(new FfmpegDecoder(scene.cameraId(), clip.toString(), Duration.ofSeconds(5)), alerts::add);
    assertThat(summary.framesSampled()).isPositive().isLessThan(summary.framesDecoded());
    return alerts;
  }

  @Test
  void stallOnTheGeneratedShopFrontClipAlertsOnceAfterItsDwellTime() throws Exception {
    Path clip = DemoClips.shopFront(dir.resolve("shop.mp4"), 1, 24, 4, 24);
    List<Alert> alerts = replay(clip, DemoClips.shopFrontScene("cam-shop", "g-01", 8, 1));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.scene()).isEqualTo(AlertScene.STREET_OCCUPATION);
      assertThat(a.zone()).isEqualTo("shop-front");
      assertThat(a.startMs()).isBetween(3_900L, 5_100L);
      // Dwell time (8 s) after the start, or later: the stall counts once it has stood still for
      // the street-occupation detector's short-term time constant (about 12 s with 1 s samples).
      assertThat(a.emittedMs()).isBetween(11_900L, 21_000L);
    });
  }

  @Test
  void personStandingInTheDangerZoneAlertsAsIntrusion() throws Exception {
    Path clip = DemoClips.riverBank(dir.resolve("river.mp4"), 2, 20, 5, 20);
    List<Alert> alerts = replay(clip, DemoClips.riverScene("cam-river", "g-02", 5, 0.5));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.scene()).isEqualTo(AlertScene.RIVER_INTRUSION);
      assertThat(a.startMs()).isBetween(4_900L, 6_100L);
    });
  }

  @Test
  void shopFrontWithoutAStallStaysQuiet() throws Exception {
    Path clip = DemoClips.shopFront(dir.resolve("empty.mp4"), 3, 30, 100, 100);
    assertThat(replay(clip, DemoClips.shopFrontScene("cam-shop", "g-01", 8, 1))).isEmpty();
  }
}
