package io.gridwatch.analytics.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.ingest.decode.FfmpegDecoder;
import io.gridwatch.ingest.sim.Canvas;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipRecorderTest {

  private static final int W = 1280;
  private static final int H = 720;

  @TempDir Path dir;

  @Test
  void aClipCoversThreeSecondsBeforeTheEventToTwoAfterAndAppearsOnceThePostRollHasPassed() throws Exception {
    EvidenceStore store = new EvidenceStore(dir);
    ClipRecorder recorder = new ClipRecorder(store, ClipRecorder.Settings.defaults());
    Canvas canvas = new Canvas(W, H, 1);
    Alert alert = Alert.of("cam-t", AlertScene.THROWING, null, 10_000, 12_000, 0.9, Map.of(), 12_120, List.of());
    Path clip = null;
    for (int i = 0; i < 400; i++) { // 16 s at 25 fps
      long t = i * 40L;
      canvas.clear().fillCircle(100 + i * 2, 300, 10, 0, 0, 255);
      recorder.onFrame(new Frame("cam-t", i, t, t, W, H, false, canvas.render(2)), t);
      if (t == 12_120) {
        clip = recorder.request(alert);
        assertThat(clip).doesNotExist();
      }
      if (t == 13_960) {
        assertThat(clip).doesNotExist(); // post-roll still running
      }
    }
    assertThat(clip).isRegularFile();
    assertThat(recorder.bufferedBytes()).isLessThan(8_000_000); // 12 s of 640-px JPEGs, not raw frames
    recorder.close();

    int frames = 0;
    long lastPts = 0;
    try (FfmpegDecoder decoder = new FfmpegDecoder("clip", clip.toString(), Duration.ofSeconds(5))) {
      decoder.open();
      Frame f;
      while ((f = decoder.next()) != null) {
        frames++;
        lastPts = f.ptsMs();
        assertThat(f.width()).isEqualTo(640);
      }
    }
    // 7 s (7.0..14.0) at 12.5 frames a second
    assertThat(frames).isBetween(85, 90);
    assertThat(lastPts).isBetween(6_700L, 7_100L);
  }

  @Test
  void closingWritesClipsStillWaitingForTheirPostRoll() {
    EvidenceStore store = new EvidenceStore(dir);
    ClipRecorder recorder = new ClipRecorder(store, ClipRecorder.Settings.defaults());
    Canvas canvas = new Canvas(320, 180, 1);
    for (int i = 0; i < 50; i++) {
      recorder.onFrame(new Frame("cam-t", i, i * 40L, i * 40L, 320, 180, false, canvas.clear().render(2)), i * 40L);
    }
    Path clip = recorder.request(Alert.of("cam-t", AlertScene.THROWING, null, 1_000, 1_900, 0.9, Map.of(), 1_960, List.of()));
    recorder.close(); // the clip ends with the replay
    assertThat(clip).isRegularFile();
  }
}
