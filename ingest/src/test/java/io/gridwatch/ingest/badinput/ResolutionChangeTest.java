package io.gridwatch.ingest.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A camera that changes its resolution mid-stream (an operator changes the profile, or the
 * camera drops to a smaller one at night): three MPEG-TS segments, 320x240, then 642x360, then
 * 160x120, one after the other in one stream with their clock running on. Frames after each
 * change come in the new size, with pixels packed for that size: 642 * 3 = 1926 bytes a row is
 * no multiple of 4, so a copy that kept the old stride, or the old row padding, would shear the
 * picture. Getting smaller again must not leave stale sizes behind either.
 */
class ResolutionChangeTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int FPS = 25;
  private static final int[][] SIZES = {{320, 240}, {642, 360}, {160, 120}};
  private static final int SECONDS_EACH = 2;

  @TempDir static Path dir;
  static Path changing;

  @BeforeAll
  static void concatenateSegmentsOfThreeSizes() throws Exception {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int i = 0; i < SIZES.length; i++) {
      Path segment = Clips.h264(dir.resolve("segment-" + i + ".ts"), "mpegts", SIZES[i][0], SIZES[i][1], FPS,
          SECONDS_EACH, i * SECONDS_EACH);
      stream.write(Files.readAllBytes(segment)); // `cat a.ts b.ts c.ts`
    }
    changing = Files.write(dir.resolve("changing.ts"), stream.toByteArray());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void framesAfterAResolutionChangeComeInTheNewSizeWithUnshearedPixels(Backend backend) throws Exception {
    List<Frame> frames = Clips.decodeAll(backend.decoder("cam-r", changing.toString(), TIMEOUT));

    // Every frame of every segment, in order, each segment in its own size.
    assertThat(frames).hasSize(SIZES.length * SECONDS_EACH * FPS);
    List<String> runs = new ArrayList<>();
    for (Frame f : frames) {
      String size = f.width() + "x" + f.height();
      if (runs.isEmpty() || !runs.get(runs.size() - 1).startsWith(size + " ")) {
        runs.add(size + " ");
      }
      assertThat(f.pixels()).as("frame %d", f.seq()).hasSize(f.format().bytes(f.width(), f.height()));
    }
    assertThat(runs).containsExactly("320x240 ", "642x360 ", "160x120 ");
    for (int i = 0; i < frames.size(); i++) {
      int[] size = SIZES[i / (SECONDS_EACH * FPS)];
      assertThat(frames.get(i).width()).as("width of frame %d", i).isEqualTo(size[0]);
      assertThat(frames.get(i).height()).as("height of frame %d", i).isEqualTo(size[1]);
      assertSquareWhereDrawn(frames.get(i));
    }
    // The media clock runs on across the changes: one frame time between any two frames.
    for (int i = 1; i < frames.size(); i++) {
      assertThat(frames.get(i).ptsMs() - frames.get(i - 1).ptsMs()).as("pts step at frame %d", i)
          .isBetween(39L, 41L);
    }
  }

  /**
   * The white square is at the same place on its first and its last row, with grey on both sides
   * of it: a wrong stride would move each row further sideways than the one above.
   */
  private static void assertSquareWhereDrawn(Frame f) {
    int x0 = Clips.squareX(f.width());
    int y0 = Clips.squareY(f.height());
    int x1 = x0 + Clips.SQUARE - 1;
    int y1 = y0 + Clips.SQUARE - 1;
    for (int y : new int[] {y0 + 1, y1 - 1}) {
      for (int x : new int[] {x0 + 1, x1 - 1}) {
        assertThat(Clips.grey(f, x, y)).as("square at %d,%d of frame %d (%dx%d)", x, y, f.seq(), f.width(), f.height())
            .isGreaterThan(220);
      }
      for (int x : new int[] {x0 - 4, x1 + 4}) {
        assertThat(Clips.grey(f, x, y)).as("background at %d,%d of frame %d (%dx%d)", x, y, f.seq(), f.width(),
            f.height()).isBetween(Clips.BACKGROUND - 15, Clips.BACKGROUND + 15);
      }
    }
    // and the far corner, which a buffer of the previous size would leave black or stale
    assertThat(Clips.grey(f, f.width() - 2, f.height() - 2)).as("corner of frame %d", f.seq())
        .isBetween(Clips.BACKGROUND - 15, Clips.BACKGROUND + 15);
  }
}
