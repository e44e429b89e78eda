package io.gridwatch.contracts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SceneConfigTest {

  private static final Path FILE = Path.of("scene.yaml");

  private static SceneConfig parse(String yaml) {
    return YamlConfigReader.parse(FILE, yaml, SceneConfig.class);
  }

  private static ConfigException failure(String yaml) {
    try {
      parse(yaml);
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected the scene file to be refused:\n" + yaml);
  }

  @Nested
  class ValidFiles {
    @Test
    void throwingSceneReadsFacadeFloorsAndColumns() {
      SceneConfig scene = parse("""
          cameraId: cam-001
          gridId: g-03-12
          scene: throwing
          throwing:
            facade: [[100,50],[900,60],[880,1000],[120,990]]
            floors: 18
            columns: 6
          """);
      assertThat(scene.scene()).isEqualTo(SceneKind.THROWING);
      assertThat(scene.throwing().facade()).hasSize(4).first().isEqualTo(new Point(100, 50));
      assertThat(scene.throwing().floors()).isEqualTo(18);
      assertThat(scene.sampling()).isEqualTo(SamplingConfig.full());
    }

    @Test
    void streetOccupationZonesGetDefaultCoverageAndSparseSampling() {
      SceneConfig scene = parse("""
          cameraId: cam-002
          gridId: g-01
          scene: street-occupation
          streetOccupation:
            zones:
              - {id: shop-12, polygon: [[0,0],[100,0],[100,50],[0,50]], dwellSeconds: 300}
          """);
      Zone zone = scene.streetOccupation().zones().get(0);
      assertThat(zone.minCoverage()).isEqualTo(Zone.DEFAULT_MIN_COVERAGE);
      assertThat(zone.polygon().area()).isEqualTo(5000.0);
      assertThat(scene.sampling().intervalMs()).isEqualTo(5000);
      assertThat(scene.zones()).containsExactly(zone);
      assertThat(scene.streetOccupation().clearSeconds()).isEqualTo(StreetOccupationScene.DEFAULT_CLEAR_SECONDS);
      assertThat(scene.streetOccupation().cooldownSeconds()).isEqualTo(StreetOccupationScene.DEFAULT_COOLDOWN_SECONDS);
    }

    @Test
    void streetOccupationClearTimeAndCooldownAreRead() {
      SceneConfig scene = parse("""
          cameraId: cam-002
          gridId: g-01
          scene: street-occupation
          streetOccupation:
            clearSeconds: 45
            cooldownSeconds: 600
            zones:
              - {id: shop-12, polygon: [[0,0],[100,0],[100,50],[0,50]], dwellSeconds: 300}
          """);
      assertThat(scene.streetOccupation().clearSeconds()).isEqualTo(45.0);
      assertThat(scene.streetOccupation().cooldownSeconds()).isEqualTo(600.0);
      assertThat(SceneCodec.fromJson(SceneCodec.toJson(scene))).isEqualTo(scene);
    }

    @Test
    void riverSceneWithDangerZonesAndWaterLevel() {
      SceneConfig scene = parse("""
          cameraId: cam-003
          gridId: g-02
          scene: river
          sampling: {mode: every, everySeconds: 0.5}
          river:
            water: [[0,300],[640,300],[640,360],[0,360]]
            dangerZones:
              - {id: bank-east, polygon: [[0,200],[100,200],[100,300],[0,300]], dwellSeconds: 3}
            waterLevel: {line: [[10,320],[600,320]], sustainSeconds: 60}
          """);
      assertThat(scene.river().dangerZones()).extracting(Zone::id).containsExactly("bank-east");
      assertThat(scene.river().waterLevel().sustainSeconds()).isEqualTo(60.0);
      assertThat(scene.sampling().intervalMs()).isEqualTo(500);
    }
  }

  @Nested
  class RiverKeys {
    private static final String HEAD = """
        cameraId: cam-003
        gridId: g-02
        scene: river
        river:
          water: [[0,300],[640,300],[640,360],[0,360]]
        """;

    @Test
    void debrisPersonSizeAndGaugeGetDefaultsWhenLeftOut() {
      SceneConfig scene = parse(HEAD + "  waterLevel: {line: [[10,320],[50,320]], sustainSeconds: 60}\n");
      assertThat(scene.river().debris().persistSeconds()).isEqualTo(RiverDebris.DEFAULT_PERSIST_SECONDS);
      assertThat(scene.river().debris().minArea()).isEqualTo(RiverDebris.DEFAULT_MIN_AREA);
      assertThat(scene.river().minPersonHeight()).isEqualTo(RiverScene.DEFAULT_MIN_PERSON_HEIGHT);
      // the default gauge region: the line's width, one line length (40 px) above and below it
      assertThat(scene.river().waterLevel().gaugeRegion().bounds()).containsExactly(10, 280, 50, 360);
    }

    @Test
    void debrisPersonSizeGaugeAndHysteresisAreRead() {
      SceneConfig scene = parse(HEAD + """
            debris: {persistSeconds: 12, minArea: 40}
            minPersonHeight: 80
            waterLevel:
              line: [[10,320],[50,330]]
              sustainSeconds: 60
              gauge: [[0,250],[60,250],[60,360],[0,360]]
              hysteresis: 6
          """);
      assertThat(scene.river().debris()).isEqualTo(new RiverDebris(12.0, 40.0));
      assertThat(scene.river().minPersonHeight()).isEqualTo(80.0);
      assertThat(scene.river().waterLevel().gaugeRegion().bounds()).containsExactly(0, 250, 60, 360);
      assertThat(scene.river().waterLevel().hysteresis()).isEqualTo(6.0);
      assertThat(scene.river().waterLevel().lineYAt(30)).isEqualTo(325.0);
    }

    @Test
    void unknownDebrisKeyIsRefusedWithTheKnownOnes() {
      ConfigException e = failure(HEAD + "  debris: {persistSecs: 12}\n");
      assertThat(e.getMessage()).contains("river.debris: unknown key 'persistSecs'").contains("persistSeconds");
    }

    @Test
    void debrisPersistenceOutOfRangeIsRefused() {
      ConfigException e = failure(HEAD + "  debris: {persistSeconds: 1}\n");
      assertThat(e.getMessage()).contains("river.debris.persistSeconds: must be within 2..600 seconds");
    }

    @Test
    void verticalAlarmLineIsRefused() {
      ConfigException e = failure(HEAD + "  waterLevel: {line: [[10,300],[10,340]], sustainSeconds: 60}\n");
      assertThat(e.getMessage()).contains("river.waterLevel.line: must not be vertical");
    }
  }

  @Nested
  class RefusedFiles {
    @Test
    void unknownKeyIsNamedWithItsLine() {
      ConfigException e = failure("""
          cameraId: cam-001
          gridId: g-01
          scene: throwing
          throwing:
            facade: [[100,50],[900,60],[880,1000],[120,990]]
            floors: 18
            colums: 6
          """);
      assertThat(e.line()).as(e.getMessage()).isEqualTo(7);
      assertThat(e.getMessage()).startsWith("scene.yaml:7: throwing: unknown key 'colums'").contains("columns");
    }

    @Test
    void aNegativeCooldownIsRefusedNamingTheKey() {
      ConfigException e = failure("""
          cameraId: cam-002
          gridId: g-01
          scene: street-occupation
          streetOccupation:
            cooldownSeconds: -1
            zones:
              - {id: shop-12, polygon: [[0,0],[100,0],[100,50],[0,50]], dwellSeconds: 300}
          """);
      assertThat(e.key()).isEqualTo("streetOccupation.cooldownSeconds");
      assertThat(e.getMessage()).contains("got -1.0");
    }

    @Test
    void outOfBoundsValuePointsAtTheKeysLine() {
      ConfigException e = failure("""
          cameraId: cam-002
          gridId: g-01
          scene: street-occupation
          streetOccupation:
            zones:
              - id: shop-12
                polygon: [[0,0],[100,0],[100,50],[0,50]]
                dwellSeconds: -5
          """);
      assertThat(e.key()).isEqualTo("streetOccupation.zones[0].dwellSeconds");
      assertThat(e.line()).isEqualTo(8);
      assertThat(e.getMessage()).contains("got -5.0");
    }

    @Test
    void missingSectionForTheSceneKindIsRefused() {
      ConfigException e = failure("""
          cameraId: cam-001
          gridId: g-01
          scene: river
          """);
      assertThat(e.key()).isEqualTo("river");
      assertThat(e.getMessage()).contains("section is required for scene 'river'");
    }

    @Test
    void sectionOfAnotherSceneKindIsRefused() {
      ConfigException e = failure("""
          cameraId: cam-001
          gridId: g-01
          scene: throwing
          throwing: {facade: [[100,50],[900,60],[880,1000],[120,990]], floors: 3, columns: 2}
          streetOccupation:
            zones: [{id: a, polygon: [[0,0],[10,0],[10,10]], dwellSeconds: 3}]
          """);
      assertThat(e.key()).isEqualTo("streetOccupation");
      assertThat(e.line()).isEqualTo(5);
    }

    @Test
    void facadeWithThreeCornersIsRefused() {
      ConfigException e = failure("""
          cameraId: cam-001
          gridId: g-01
          scene: throwing
          throwing:
            facade: [[100,50],[900,60],[880,1000]]
            floors: 18
            columns: 6
          """);
      assertThat(e.key()).isEqualTo("throwing.facade");
      assertThat(e.line()).isEqualTo(5);
      assertThat(e.getMessage()).contains("exactly 4 corners");
    }

    @Test
    void polygonWithTwoCornersIsRefused() {
      ConfigException e = failure("""
          cameraId: cam-002
          gridId: g-01
          scene: street-occupation
          streetOccupation:
            zones: [{id: a, polygon: [[0,0],[10,0]], dwellSeconds: 3}]
          """);
      assertThat(e.key()).startsWith("streetOccupation.zones[0].polygon");
      assertThat(e.getMessage()).contains("at least 3 corners");
    }

    @Test
    void wrongTypeNamesTheExpectedType() {
      ConfigException e = failure("""
          cameraId: cam-001
          gridId: g-01
          scene: throwing
          throwing: {facade: [[100,50],[900,60],[880,1000],[120,990]], floors: many, columns: 2}
          """);
      assertThat(e.key()).isEqualTo("throwing.floors");
      assertThat(e.getMessage()).contains("expected a whole number");
    }

    @Test
    void unknownSceneKindListsTheKnownOnes() {
      ConfigException e = failure("""
          cameraId: cam-001
          gridId: g-01
          scene: parking
          """);
      assertThat(e.key()).isEqualTo("scene");
      assertThat(e.getMessage()).contains("throwing, street-occupation or river");
    }

    @Test
    void duplicateKeyIsRefused() {
      ConfigException e = failure("""
          cameraId: cam-001
          cameraId: cam-002
          gridId: g-01
          scene: throwing
          """);
      assertThat(e.getMessage()).contains("cameraId");
      assertThat(e.line()).isEqualTo(2);
    }

    @Test
    void duplicateZoneIdsAreRefused() {
      ConfigException e = failure("""
          cameraId: cam-002
          gridId: g-01
          scene: street-occupation
          streetOccupation:
            zones:
              - {id: a, polygon: [[0,0],[10,0],[10,10]], dwellSeconds: 3}
              - {id: a, polygon: [[0,0],[10,0],[10,10]], dwellSeconds: 3}
          """);
      assertThat(e.key()).isEqualTo("streetOccupation.zones[1].id");
      assertThat(e.line()).as(e.getMessage()).isEqualTo(7);
    }

    @Test
    void missingRequiredKeyIsNamed() {
      ConfigException e = failure("""
          gridId: g-01
          scene: throwing
          throwing: {facade: [[100,50],[900,60],[880,1000],[120,990]], floors: 3, columns: 2}
          """);
      assertThat(e.key()).isEqualTo("cameraId");
      assertThat(e.getMessage()).contains("is required");
    }

    @Test
    void invalidYamlSyntaxIsReportedWithItsLine() {
      ConfigException e = failure("cameraId: cam-001\ngridId: 'g-01\nscene: throwing\n");
      assertThat(e.getMessage()).startsWith("scene.yaml:").contains("not valid YAML");
    }

    @Test
    void emptyFileIsRefused() {
      assertThat(failure("  \n").getMessage()).isEqualTo("scene.yaml: file is empty");
    }

    @Test
    void missingFileIsNamed() {
      Path missing = Path.of("no/such/scene.yaml");
      assertThatThrownBy(() -> YamlConfigReader.read(missing, SceneConfig.class))
          .isInstanceOf(ConfigException.class)
          .hasMessage("no/such/scene.yaml: file not found");
    }
  }
}
