package io.gridwatch.ingest.sim.scenes;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.labels.LabelledEvent;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Frames drawn at the labelled moments of long plans, without encoding: small and fast. */
class SceneDrawingTest {

  private static final int W = 320;
  private static final int H = 180;

  private static int frameOf(long ms) {
    return (int) (ms / ScenePlan.FRAME_MS);
  }

  private static boolean differs(Raster r, double x0, double y0, double x1, double y1) {
    byte[] drawn = r.drawn(), background = r.background();
    for (int y = (int) Math.max(0, Math.floor(y0)); y < Math.min(r.height(), Math.ceil(y1)); y++) {
      for (int x = (int) Math.max(0, Math.floor(x0)); x < Math.min(r.width(), Math.ceil(x1)); x++) {
        int o = (y * r.width() + x) * 3;
        for (int c = 0; c < 3; c++) {
          if (drawn[o + c] != background[o + c]) {
            return true;
          }
        }
      }
    }
    return false;
  }

  @ParameterizedTest
  @ValueSource(strings = {"throwing", "street-occupation", "river"})
  void everyLabelledMomentDraws(String scene) {
    for (long seed : new long[] {1, 2}) {
      ScenePlan plan = SceneSim.forScene(scene).plan(seed, 600, W, H);
      Raster r = plan.newRaster();
      List<LabelledEvent> labels = Stream.concat(plan.events().stream(), plan.nuisances().stream()).toList();
      for (LabelledEvent e : labels) {
        for (long ms : new long[] {e.startMs(), (e.startMs() + e.endMs()) / 2, e.endMs()}) {
          r.clear();
          plan.draw(r, frameOf(ms));
          byte[] out = r.finish();
          assertThat(out).hasSize(W * H * 3);
        }
      }
    }
  }

  @Test
  void fallingThingsAreDrawnWhereTheyAre() {
    ThrowingSim.Plan plan = new ThrowingSim().plan(3, 600, 1280, 720);
    Raster r = plan.newRaster();
    int checked = 0;
    for (ThrowingSim.Fall f : plan.falls()) {
      int mid = (f.startFrame + f.endFrame) / 2;
      double t = (mid - f.startFrame) / 25.0;
      if (f.y(t) < ThrowingSim.HEDGE_M + 1) {
        continue; // behind the hedge
      }
      double[] p = plan.imagePosition(f, mid);
      r.clear();
      plan.draw(r, mid);
      assertThat(differs(r, p[0] - 3, p[1] - 3, p[0] + 4, p[1] + 4)).as("%s at %s", f.kind, mid).isTrue();
      checked++;
    }
    assertThat(checked).isPositive();
  }

  @Test
  void occupiedZonesAndIntrudersShowInTheirZone() {
    StreetOccupationSim.Plan street = new StreetOccupationSim().plan(4, 600, 640, 360);
    Raster r = street.newRaster();
    for (LabelledEvent e : street.events()) {
      StreetOccupationSim.Zone z = street.zones.stream().filter(zz -> zz.id.equals(e.zone())).findFirst().orElseThrow();
      r.clear();
      street.draw(r, frameOf((e.startMs() + e.endMs()) / 2));
      double[] b = bounds(z.xs, z.ys);
      assertThat(differs(r, b[0], b[1], b[2], b[3])).as(e.toString()).isTrue();
    }
    RiverSim.Plan river = new RiverSim().plan(4, 600, 640, 360);
    Raster rr = river.newRaster();
    String yaml = river.sceneYaml("c", "g");
    for (LabelledEvent e : river.events()) {
      if (e.zone() == null) {
        continue;
      }
      RiverSim.DangerZone z = river.zones.stream().filter(zz -> zz.id.equals(e.zone())).findFirst().orElseThrow();
      rr.clear();
      river.draw(rr, frameOf((e.startMs() + e.endMs()) / 2));
      assertThat(yaml).contains("id: " + z.id);
      // the zone is the quay strip between x0 and x1: the person's legs must be drawn there
      io.gridwatch.contracts.config.SceneConfig config = io.gridwatch.contracts.config.YamlConfigReader.parse(
          java.nio.file.Path.of("s.yaml"), yaml, io.gridwatch.contracts.config.SceneConfig.class);
      double[] b = config.zones().stream().filter(zz -> zz.id().equals(z.id)).findFirst().orElseThrow()
          .polygon().bounds();
      assertThat(differs(rr, b[0], b[1], b[2], b[3])).as(e.toString()).isTrue();
    }
  }

  private static double[] bounds(double[] xs, double[] ys) {
    double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (int i = 0; i < xs.length; i++) {
      b[0] = Math.min(b[0], xs[i]);
      b[1] = Math.min(b[1], ys[i]);
      b[2] = Math.max(b[2], xs[i]);
      b[3] = Math.max(b[3], ys[i]);
    }
    return b;
  }
}
