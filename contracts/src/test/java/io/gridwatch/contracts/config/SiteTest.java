package io.gridwatch.contracts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteTest {

  @TempDir Path dir;

  private static final String SCENE = """
      cameraId: cam-001
      gridId: g-01
      scene: street-occupation
      streetOccupation:
        zones: [{id: shop-1, polygon: [[0,0],[100,0],[100,50]], dwellSeconds: 30}]
      """;

  @BeforeEach
  void files() throws Exception {
    Files.createDirectories(dir.resolve("scenes"));
    Files.writeString(dir.resolve("scenes/cam-001.yaml"), SCENE);
    Files.writeString(dir.resolve("clip.mp4"), "stand-in");
  }

  private Path site(String yaml) throws Exception {
    return Files.writeString(dir.resolve("site.yaml"), yaml);
  }

  private static final String CELLS = """
      name: Test district
      gridCells:
        - {id: g-01, name: Cell 1, area: Street A, supervisor: sup-a}
        - {id: g-02, name: Cell 2, area: Street A}
      """;

  @Test
  void loadsCamerasWithTheirScenesAndResolvesPathsAgainstTheSiteFile() throws Exception {
    Site site = Site.load(site(CELLS + """
        cameras:
          - {id: cam-001, file: clip.mp4, loop: true, scene: scenes/cam-001.yaml, gridCell: g-01}
        workers:
          - {id: w-1, name: Zhang Wei, cells: [g-01, g-02]}
        """));
    CameraConfig cam = site.config().camera("cam-001");
    assertThat(cam.decoder()).isEqualTo(DecoderKind.FFMPEG);
    assertThat(site.sourceOf(cam)).isEqualTo(dir.resolve("clip.mp4").toAbsolutePath().toString());
    assertThat(site.scene("cam-001")).get().extracting(SceneConfig::scene).isEqualTo(SceneKind.STREET_OCCUPATION);
    assertThat(site.config().cell("g-01").supervisor()).isEqualTo("sup-a");
  }

  @Test
  void cameraInAnUnknownCellIsRefusedAtItsLine() throws Exception {
    Path file = site(CELLS + """
        cameras:
          - id: cam-001
            file: clip.mp4
            scene: scenes/cam-001.yaml
            gridCell: g-99
        """);
    assertThatThrownBy(() -> Site.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("site.yaml:9: cameras[0].gridCell: unknown grid cell 'g-99'");
  }

  @Test
  void shiftsTimeZoneAndTimeLimitsAreRead() throws Exception {
    Site site = Site.load(site(CELLS + """
        timeZone: Asia/Shanghai
        workers:
          - id: w-1
            name: Zhang Wei
            cells: [g-01]
            shifts:
              - {days: [mon, tue, wed, thu, fri], start: "08:00", end: "20:00"}
        timeLimits:
          - {scene: throwing, priority: high, acceptMinutes: 3, verifyMinutes: 10, resolveMinutes: 30}
        """));
    Worker w = site.config().workers().get(0);
    assertThat(w.onDutyAt(java.time.LocalDateTime.parse("2026-11-18T09:00"))).isTrue();
    assertThat(w.onDutyAt(java.time.LocalDateTime.parse("2026-11-21T09:00"))).isFalse();
    assertThat(site.config().zone()).isEqualTo(java.time.ZoneId.of("Asia/Shanghai"));
    assertThat(site.config().timeLimits()).singleElement().extracting(TimeLimit::acceptMinutes).isEqualTo(3);
  }

  @Test
  void unknownShiftKeyAndBadTimesAreRefusedByName() throws Exception {
    Path unknown = site(CELLS + """
        workers:
          - {id: w-1, name: Zhang Wei, cells: [g-01], shifts: [{start: "08:00", end: "20:00", until: "x"}]}
        """);
    assertThatThrownBy(() -> Site.load(unknown)).hasMessageContaining("until");
    Path badTime = site(CELLS + """
        workers:
          - {id: w-1, name: Zhang Wei, cells: [g-01], shifts: [{start: "8 am", end: "20:00"}]}
        """);
    assertThatThrownBy(() -> Site.load(badTime)).hasMessageContaining("'8 am' is not a time of day");
    Path badLimit = site(CELLS + """
        timeLimits:
          - {scene: throwing, acceptMinutes: 10, verifyMinutes: 5, resolveMinutes: 30}
        """);
    assertThatThrownBy(() -> Site.load(badLimit)).hasMessageContaining("verifyMinutes: must be >= acceptMinutes");
  }

  @Test
  void workerCoveringAnUnknownCellIsRefused() throws Exception {
    Path file = site(CELLS + """
        workers:
          - {id: w-1, name: Zhang Wei, cells: [g-01, g-77]}
        """);
    assertThatThrownBy(() -> Site.load(file)).hasMessageContaining("workers[0].cells[1]: unknown grid cell 'g-77'");
  }

  @Test
  void passwordInsideTheUrlIsRefused() throws Exception {
    Path file = site(CELLS + """
        cameras:
          - {id: cam-001, url: "rtsp://admin:secret@10.0.0.9/live", scene: scenes/cam-001.yaml, gridCell: g-01}
        """);
    assertThatThrownBy(() -> Site.load(file))
        .hasMessageContaining("cameras[0].url: must not contain a password")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
  }

  @Test
  void cameraWithBothUrlAndFileIsRefused() throws Exception {
    Path file = site(CELLS + """
        cameras:
          - {id: cam-001, url: "rtsp://h/x", file: clip.mp4, scene: scenes/cam-001.yaml, gridCell: g-01}
        """);
    assertThatThrownBy(() -> Site.load(file)).hasMessageContaining("give exactly one of 'url'");
  }

  @Test
  void missingSceneFileIsNamed() throws Exception {
    Path file = site(CELLS + """
        cameras:
          - {id: cam-001, file: clip.mp4, scene: scenes/nope.yaml, gridCell: g-01}
        """);
    assertThatThrownBy(() -> Site.load(file))
        .hasMessageContaining("cameras[0].scene: scene file not found")
        .hasMessageContaining("nope.yaml");
  }

  @Test
  void sceneOfAnotherCameraIsRefusedInTheSceneFile() throws Exception {
    Files.writeString(dir.resolve("scenes/cam-002.yaml"), SCENE);
    Path file = site(CELLS + """
        cameras:
          - {id: cam-002, file: clip.mp4, scene: scenes/cam-002.yaml, gridCell: g-01}
        """);
    assertThatThrownBy(() -> Site.load(file))
        .hasMessageContaining("cam-002.yaml:1: cameraId: is 'cam-001' but the site file gives this scene to camera 'cam-002'");
  }

  @Test
  void sceneInAnotherGridCellIsRefused() throws Exception {
    Path file = site(CELLS + """
        cameras:
          - {id: cam-001, file: clip.mp4, scene: scenes/cam-001.yaml, gridCell: g-02}
        """);
    assertThatThrownBy(() -> Site.load(file)).hasMessageContaining("cam-001.yaml:2: gridId");
  }

  @Test
  void duplicateCameraIdsAreRefused() throws Exception {
    Path file = site(CELLS + """
        cameras:
          - {id: cam-001, file: clip.mp4, scene: scenes/cam-001.yaml, gridCell: g-01}
          - {id: cam-001, file: clip.mp4, scene: scenes/cam-001.yaml, gridCell: g-01}
        """);
    assertThatThrownBy(() -> Site.load(file)).hasMessageContaining("cameras[1].id: camera id 'cam-001' is used twice");
  }

  @Test
  void missingVideoFileIsNamed() throws Exception {
    Path file = site(CELLS + """
        cameras:
          - {id: cam-001, file: gone.mp4, scene: scenes/cam-001.yaml, gridCell: g-01}
        """);
    assertThatThrownBy(() -> Site.load(file)).hasMessageContaining("cameras[0].file: video file not found");
  }

  @Test
  void unknownKeyInASiteFileIsRefused() throws Exception {
    Path file = site(CELLS + """
        cameras:
          - {id: cam-001, file: clip.mp4, scene: scenes/cam-001.yaml, gridCell: g-01, fps: 25}
        """);
    assertThatThrownBy(() -> Site.load(file)).hasMessageContaining("site.yaml:6: cameras[0]: unknown key 'fps'");
  }
}
