package io.gridwatch.ingest.sim.scenes;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.contracts.config.SceneKind;
import io.gridwatch.contracts.config.YamlConfigReader;
import io.gridwatch.contracts.labels.Labels;
import io.gridwatch.ingest.decode.FfmpegDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tiny clips (3 s at 320x180) rendered, encoded and decoded again. */
class SceneRenderTest {

  @TempDir Path dir;

  /** Frames decoded from a clip, with a checksum of all their pixels. */
  private record Decoded(int frames, int width, int height, long crc, double fps) {}

  private static Decoded decode(Path video) throws Exception {
    CRC32 crc = new CRC32();
    int n = 0, w = 0, h = 0;
    double fps;
    FfmpegDecoder decoder = new FfmpegDecoder("test", video.toString(), Duration.ofSeconds(5));
    try {
      decoder.open();
      fps = decoder.frameRate();
      for (Frame f = decoder.next(); f != null; f = decoder.next()) {
        crc.update(f.pixels());
        w = f.width();
        h = f.height();
        n++;
      }
    } finally {
      decoder.close();
    }
    return new Decoded(n, w, h, crc.getValue(), fps);
  }

  @ParameterizedTest
  @ValueSource(strings = {"throwing", "street-occupation", "river"})
  void rendersADecodableClipWithSceneAndLabelsFiles(String scene) throws Exception {
    List<ProgressListener.Progress> progress = new ArrayList<>();
    SimClip clip = SceneSim.forScene(scene).render(dir, scene + "-tiny", 5, 3, 320, 180, progress::add);

    assertThat(clip.video()).isEqualTo(dir.resolve(scene + "-tiny.mp4"));
    Decoded d = decode(clip.video());
    assertThat(d.frames()).isEqualTo(75);
    assertThat(d.width()).isEqualTo(320);
    assertThat(d.height()).isEqualTo(180);
    assertThat(d.fps()).isEqualTo(25.0);

    SceneConfig config = YamlConfigReader.read(clip.sceneFile(), SceneConfig.class);
    assertThat(config.scene()).isEqualTo(SceneKind.fromWireName(scene));
    assertThat(config.cameraId()).isEqualTo(scene + "-tiny");

    Labels labels = Labels.read(clip.labelsFile());
    assertThat(labels).isEqualTo(clip.labels());
    assertThat(labels.video()).isEqualTo(scene + "-tiny.mp4");
    assertThat(labels.sceneFile()).isEqualTo(scene + "-tiny.scene.yaml");
    assertThat(labels.scene()).isEqualTo(scene);
    assertThat(labels.durationMs()).isEqualTo(3000);
    assertThat(dir.resolve(labels.video())).exists();

    assertThat(progress).isNotEmpty();
    assertThat(progress.get(progress.size() - 1).frames()).isEqualTo(75);
    assertThat(progress.get(progress.size() - 1).totalFrames()).isEqualTo(75);
  }

  @Test
  void sameSeedGivesTheSameClipAndLabels() throws Exception {
    SceneSim sim = new ThrowingSim();
    SimClip a = sim.render(dir.resolve("a"), "clip", 11, 3, 320, 180, ProgressListener.NONE);
    SimClip b = sim.render(dir.resolve("b"), "clip", 11, 3, 320, 180, ProgressListener.NONE);
    SimClip c = sim.render(dir.resolve("c"), "clip", 12, 3, 320, 180, ProgressListener.NONE);
    assertThat(Files.readString(b.labelsFile())).isEqualTo(Files.readString(a.labelsFile()));
    assertThat(Files.readString(b.sceneFile())).isEqualTo(Files.readString(a.sceneFile()));
    assertThat(decode(b.video()).crc()).isEqualTo(decode(a.video()).crc());
    assertThat(decode(c.video()).crc()).isNotEqualTo(decode(a.video()).crc());
    assertThat(Files.readString(c.sceneFile())).isNotEqualTo(Files.readString(a.sceneFile()));
  }

  @Test
  void seriesWritesNumberedClipsThatEvalCanFind() throws Exception {
    List<ProgressListener.Progress> progress = new ArrayList<>();
    List<SimClip> clips = SimSeries.render(new RiverSim(), dir, 9, 4, 2, 320, 180, 2, p -> {
      synchronized (progress) {
        progress.add(p);
      }
    });
    assertThat(clips).extracting(c -> c.video().getFileName().toString())
        .containsExactly("river-9-01.mp4", "river-9-02.mp4");
    for (SimClip c : clips) {
      assertThat(c.labelsFile().getFileName().toString()).endsWith(".labels.json");
      assertThat(decode(c.video()).frames()).isEqualTo(50);
    }
    assertThat(progress).extracting(ProgressListener.Progress::totalFrames).containsOnly(100L);
    assertThat(progress.stream().mapToLong(ProgressListener.Progress::frames).max().orElse(0)).isEqualTo(100);
  }

  @Test
  void anInterruptedSeriesResumesWithoutRenderingItsCompleteClipsAgain() throws Exception {
    SimSeries.render(new RiverSim(), dir, 9, 6, 2, 320, 180, 1, p -> {});
    Path first = dir.resolve("river-9-01.mp4");
    Files.setLastModifiedTime(first, java.nio.file.attribute.FileTime.fromMillis(1_000_000L));
    Files.delete(dir.resolve("river-9-03.labels.json")); // as if cut off while writing clip 3
    Files.writeString(dir.resolve("river-9-03.mp4"), "half a clip");

    List<ProgressListener.Progress> progress = new ArrayList<>();
    List<SimClip> clips = SimSeries.render(new RiverSim(), dir, 9, 6, 2, 320, 180, 1, true, progress::add);

    assertThat(Files.getLastModifiedTime(first).toMillis()).isEqualTo(1_000_000L);
    assertThat(clips).hasSize(3);
    assertThat(clips.get(0).labels()).isEqualTo(Labels.read(dir.resolve("river-9-01.labels.json")));
    assertThat(decode(dir.resolve("river-9-03.mp4")).frames()).isEqualTo(50);
    assertThat(dir.resolve("river-9-03.labels.json")).exists();
    assertThat(progress).extracting(ProgressListener.Progress::totalFrames).containsOnly(50L);
  }
}
