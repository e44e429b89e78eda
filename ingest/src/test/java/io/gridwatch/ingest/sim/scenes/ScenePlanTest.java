package io.gridwatch.ingest.sim.scenes;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.contracts.config.SceneKind;
import io.gridwatch.contracts.config.YamlConfigReader;
import io.gridwatch.contracts.config.Zone;
import io.gridwatch.contracts.labels.LabelledEvent;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Schedules, labels and scene files of ten-minute clips, worked out without rendering. */
class ScenePlanTest {

  private static final int SECONDS = 600;
  private static final long[] SEEDS = {1, 2, 3, 4, 5, 6};

  private static SceneConfig sceneOf(ScenePlan plan) {
    return YamlConfigReader.parse(Path.of("sim.scene.yaml"), plan.sceneYaml("cam-sim", "g-sim"), SceneConfig.class);
  }

  private static List<LabelledEvent> all(ScenePlan plan) {
    return java.util.stream.Stream.concat(plan.events().stream(), plan.nuisances().stream()).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"throwing", "street-occupation", "river"})
  void sceneFileParsesAndLabelsLieInsideTheClip(String scene) {
    for (long seed : SEEDS) {
      for (int[] size : new int[][] {{1280, 720}, {1920, 1080}, {640, 480}}) {
        ScenePlan plan = SceneSim.forScene(scene).plan(seed, SECONDS, size[0], size[1]);
        SceneConfig config = sceneOf(plan);
        assertThat(config.scene()).isEqualTo(SceneKind.fromWireName(scene));
        assertThat(config.cameraId()).isEqualTo("cam-sim");
        for (Zone z : config.zones()) {
          double[] b = z.polygon().bounds();
          assertThat(b[0]).isGreaterThanOrEqualTo(0);
          assertThat(b[2]).isLessThanOrEqualTo(size[0]);
          assertThat(b[3]).isLessThanOrEqualTo(size[1]);
        }
        Set<String> zoneIds = config.zones().stream().map(Zone::id).collect(Collectors.toSet());
        assertThat(plan.durationMs()).isEqualTo(SECONDS * 1000L);
        for (LabelledEvent e : all(plan)) {
          assertThat(e.startMs()).as("%s seed %d: %s", scene, seed, e).isBetween(0L, plan.durationMs() - 40);
          assertThat(e.endMs()).as("%s seed %d: %s", scene, seed, e).isBetween(e.startMs(), plan.durationMs() - 40);
          assertThat(e.kind()).as("every label has a kind").isNotBlank();
          if (e.zone() != null) {
            assertThat(zoneIds).as("zone of %s", e).contains(e.zone());
          }
          assertThat(e.scene()).isIn(switch (scene) {
            case "throwing" -> List.of(AlertScene.THROWING);
            case "street-occupation" -> List.of(AlertScene.STREET_OCCUPATION);
            default -> List.of(AlertScene.RIVER_DEBRIS, AlertScene.RIVER_INTRUSION, AlertScene.WATER_LEVEL);
          });
        }
        assertThat(plan.events()).as("%s seed %d has events in ten minutes", scene, seed).isNotEmpty();
        assertThat(plan.nuisances()).as("%s seed %d has nuisances in ten minutes", scene, seed).isNotEmpty();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"throwing", "street-occupation", "river"})
  void sameSeedSamePlanOtherSeedOtherPlan(String scene) {
    SceneSim sim = SceneSim.forScene(scene);
    ScenePlan a = sim.plan(42, SECONDS, 1280, 720);
    ScenePlan b = sim.plan(42, SECONDS, 1280, 720);
    ScenePlan c = sim.plan(43, SECONDS, 1280, 720);
    assertThat(b.labels("x.mp4", "x.scene.yaml")).isEqualTo(a.labels("x.mp4", "x.scene.yaml"));
    assertThat(b.sceneYaml("c", "g")).isEqualTo(a.sceneYaml("c", "g"));
    assertThat(c.events()).isNotEqualTo(a.events());
    assertThat(c.sceneYaml("c", "g")).isNotEqualTo(a.sceneYaml("c", "g"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"throwing", "street-occupation", "river"})
  void everyPromisedKindShowsUpOverAFewSeeds(String scene) {
    Set<String> events = new TreeSet<>();
    Set<String> nuisances = new TreeSet<>();
    for (long seed : SEEDS) {
      ScenePlan plan = SceneSim.forScene(scene).plan(seed, SECONDS, 1280, 720);
      plan.events().forEach(e -> events.add(e.kind()));
      plan.nuisances().forEach(e -> nuisances.add(e.kind()));
    }
    switch (scene) {
      case "throwing" -> {
        assertThat(events).containsExactlyInAnyOrder("bottle", "bag", "box", "tissue", "leaf", "paper");
        assertThat(nuisances).containsExactlyInAnyOrder("bird-level", "bird-rising", "bird-gliding", "window-light",
            "laundry", "insect", "rain", "camera-shake", "exposure");
      }
      case "street-occupation" -> {
        assertThat(events).containsExactlyInAnyOrder("stall", "rack", "table", "goods");
        assertThat(nuisances).containsExactlyInAnyOrder("pedestrian", "chatting", "delivery", "bicycle", "shadow",
            "light-change", "vehicle");
      }
      default -> {
        assertThat(events).containsExactlyInAnyOrder("bottle", "foam", "branch", "bag", "person", "rise");
        assertThat(nuisances).containsExactlyInAnyOrder("walker", "short-visit", "glare", "bird", "level-near-line");
      }
    }
  }

  @Test
  void throwsComeFromTheirLabelledWindowAndEndOnTheGroundOrOutOfTheFrame() {
    for (long seed : SEEDS) {
      ThrowingSim.Plan plan = new ThrowingSim().plan(seed, SECONDS, 1280, 720);
      SceneConfig config = sceneOf(plan);
      int floors = config.throwing().floors(), columns = config.throwing().columns();
      List<LabelledEvent> events = plan.events();
      for (int i = 0; i < events.size(); i++) {
        LabelledEvent e = events.get(i);
        boolean low = Set.of("tissue", "leaf", "paper").contains(e.kind());
        assertThat(e.priority()).as(e.toString()).isEqualTo(low ? "low" : null);
        if (e.kind().equals("leaf") || e.kind().equals("paper")) {
          assertThat(e.originFloor()).as("blown off the roof: no window").isNull();
          assertThat(e.originColumn()).isNull();
        } else {
          assertThat(e.originFloor()).as(e.toString()).isBetween(2, floors);
          assertThat(e.originColumn()).as(e.toString()).isBetween(1, columns);
        }
        if (i > 0) {
          assertThat(e.startMs()).as("throws do not overlap").isGreaterThan(events.get(i - 1).endMs() + 4000);
        }
      }
      List<double[]> facade = config.throwing().facade().stream().map(p -> new double[] {p.x(), p.y()}).toList();
      double[] fx = facade.stream().mapToDouble(p -> p[0]).toArray();
      double[] fy = facade.stream().mapToDouble(p -> p[1]).toArray();
      for (ThrowingSim.Fall f : plan.falls()) {
        if (f.floor != null) {
          assertThat((int) Math.floor(f.y0 / ThrowingSim.FLOOR_M) + 1).isEqualTo(f.floor);
          assertThat((int) Math.floor(f.x0 / ThrowingSim.COLUMN_M) + 1).isEqualTo(f.column);
          double[] p = plan.imagePosition(f, f.startFrame);
          assertThat(Coverage.contains(fx, fy, p[0], p[1])).as("released inside the facade").isTrue();
        }
        double tEnd = (f.endFrame - f.startFrame) / 25.0;
        boolean landed = f.y(tEnd) <= 0;
        double[] after = {f.x(tEnd + 0.04), f.y(tEnd + 0.04)};
        double[] q = plan.imagePosition(f, f.endFrame);
        boolean leaving = q[0] < 40 || q[1] < 40 || q[0] > 1240 || q[1] > 680;
        assertThat(landed || leaving).as("%s ends on the ground or at the frame edge", f.kind).isTrue();
        assertThat(after[1]).isLessThan(f.y(0) + 3); // and it did fall
        double size = plan.sizePx(f, f.x(tEnd / 2), f.y(tEnd / 2));
        assertThat(size).isBetween(6.0, 40.0);
      }
    }
  }

  @Test
  void heavyThingsFallWithGravityAndLightThingsAtTerminalSpeed() {
    ThrowingSim.Fall heavy = new ThrowingSim.Fall();
    heavy.vt = Double.POSITIVE_INFINITY;
    heavy.y0 = 30;
    heavy.vy = 0;
    assertThat(heavy.y(2)).isCloseTo(30 - 0.5 * 9.81 * 4, org.assertj.core.data.Offset.offset(1e-9));
    ThrowingSim.Fall tissue = new ThrowingSim.Fall();
    tissue.vt = 1.0;
    tissue.y0 = 30;
    double speed = (tissue.y(10) - tissue.y(11)) / 1;
    assertThat(speed).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void streetEventsOutlastTheDwellTimeAndNuisancesInZonesDoNot() {
    for (long seed : SEEDS) {
      ScenePlan plan = new StreetOccupationSim().plan(seed, SECONDS, 1280, 720);
      Map<String, Double> dwell = new HashMap<>();
      sceneOf(plan).zones().forEach(z -> dwell.put(z.id(), z.dwellSeconds()));
      assertThat(dwell.values()).allSatisfy(d -> assertThat(d).isBetween(60.0, 120.0));
      assertThat(sceneOf(plan).sampling().everySeconds()).isEqualTo(2.0);
      for (LabelledEvent e : plan.events()) {
        assertThat(e.zone()).isNotNull();
        assertThat(e.endMs() - e.startMs()).as(e.toString()).isGreaterThan((long) (dwell.get(e.zone()) * 1000));
      }
      for (LabelledEvent n : plan.nuisances()) {
        if (n.kind().equals("chatting") || n.kind().equals("delivery")) {
          assertThat(n.endMs() - n.startMs()).as(n.toString()).isLessThan((long) (dwell.get(n.zone()) * 1000));
        }
      }
    }
  }

  @Test
  void riverIntrusionsOutlastTheDwellTimeAndTheWaterCrossesTheLine() {
    for (long seed : SEEDS) {
      RiverSim.Plan plan = new RiverSim().plan(seed, SECONDS, 1280, 720);
      SceneConfig config = sceneOf(plan);
      Map<String, Double> dwell = new HashMap<>();
      config.zones().forEach(z -> dwell.put(z.id(), z.dwellSeconds()));
      double lineY = config.river().waterLevel().line().get(0).y();
      for (LabelledEvent e : plan.events()) {
        switch (e.scene()) {
          case RIVER_INTRUSION -> assertThat(e.endMs() - e.startMs()).isGreaterThan((long) (dwell.get(e.zone()) * 1000));
          case WATER_LEVEL -> {
            assertThat(e.endMs() - e.startMs()).isGreaterThan((long) (RiverSim.SUSTAIN_SECONDS * 1000));
            double mid = (e.startMs() + e.endMs()) / 2000.0;
            assertThat(plan.levelY(mid)).as("water above the line").isLessThan(lineY);
            assertThat(plan.levelY(e.startMs() / 1000.0 - 5)).as("below before").isGreaterThan(lineY);
            assertThat(plan.levelY(e.endMs() / 1000.0 + 5)).as("below after").isGreaterThan(lineY);
          }
          default -> assertThat(e.zone()).isNull();
        }
      }
      for (LabelledEvent n : plan.nuisances()) {
        if (n.kind().equals("short-visit")) {
          assertThat(n.endMs() - n.startMs()).isLessThan((long) (dwell.get(n.zone()) * 1000));
        }
      }
    }
  }

  @Test
  void seriesCutsFootageIntoNumberedClipsWithTheirOwnSeeds() {
    List<SimSeries.Part> parts = SimSeries.parts("river", 7, 1500, 600);
    assertThat(parts).extracting(SimSeries.Part::name).containsExactly("river-7-01", "river-7-02", "river-7-03");
    assertThat(parts).extracting(SimSeries.Part::seconds).containsExactly(600, 600, 300);
    assertThat(parts.stream().map(SimSeries.Part::seed).distinct()).hasSize(3);
    assertThat(SimSeries.parts("river", 7, 1500, 600)).isEqualTo(parts);
    assertThat(SimSeries.parts("throwing", 3, 7200 * 2, 60)).hasSize(240).last()
        .extracting(SimSeries.Part::name).isEqualTo("throwing-3-240");
  }
}
