package io.gridwatch.contracts.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SceneCodecTest {

  private static SceneConfig parse(String yaml) {
    return YamlConfigReader.parse(Path.of("s.yaml"), yaml, SceneConfig.class);
  }

  @Test
  void everySceneKindRoundTripsThroughJson() {
    for (SceneConfig scene : new SceneConfig[] {
        parse("""
            cameraId: c1
            gridId: g1
            scene: throwing
            throwing: {facade: [[100,50],[900,60],[880,1000],[120,990]], floors: 18, columns: 6}
            """),
        parse("""
            cameraId: c2
            gridId: g1
            scene: street-occupation
            sampling: {mode: every, everySeconds: 2.5}
            streetOccupation:
              zones: [{id: a, polygon: [[0,0],[10,0],[10,10]], dwellSeconds: 30, minCoverage: 0.3}]
            """),
        parse("""
            cameraId: c3
            gridId: g1
            scene: river
            river:
              water: [[0,300],[640,300],[640,360]]
              dangerZones: [{id: bank, polygon: [[0,0],[10,0],[10,10]], dwellSeconds: 3}]
              waterLevel: {line: [[0,320],[600,320]], sustainSeconds: 60}
            """)}) {
      assertThat(SceneCodec.fromJson(SceneCodec.toJson(scene))).isEqualTo(scene);
    }
  }
}
