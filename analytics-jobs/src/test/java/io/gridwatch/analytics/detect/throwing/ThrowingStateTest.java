package io.gridwatch.analytics.detect.throwing;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.config.Point;
import io.gridwatch.contracts.config.ThrowingScene;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrowingStateTest {

  private static List<TrackPoint> track(long t0, double x, double y) {
    return List.of(new TrackPoint(t0, x, y, 40.5), new TrackPoint(t0 + 40, x + 0.25, y + 12.5, 41),
        new TrackPoint(t0 + 80, x + 0.5, y + 26, 39.75));
  }

  @Test
  void tracksPiecesAndReportedFallsComeBackAsTheyWere() {
    ThrowingState state = new ThrowingState(1280, 720, FacadeFootage.SCENE, 5_080,
        List.of(new ThrowingState.KeptTrack(track(5_000, 600, 200), 1, 5_040),
            new ThrowingState.KeptTrack(track(4_960, 300, 100).subList(0, 1), 0, 5_080)),
        List.of(track(4_000, 500, 300)), List.of(track(4_200, 700, 150), track(4_400, 710, 160)));

    ThrowingState back = ThrowingState.decode(state.encode());

    assertThat(back).isEqualTo(state);
    assertThat(back.encode()).isEqualTo(state.encode());
  }

  @Test
  void stateFitsOnlyTheFacadeAndFrameSizeItWasKeptWith() {
    ThrowingState state = new ThrowingState(1280, 720, FacadeFootage.SCENE, 0, List.of(), List.of(), List.of());
    ThrowingScene moved = new ThrowingScene(List.of(new Point(430, 20), new Point(860, 20), new Point(1020, 700),
        new Point(260, 700)), 12, 6);
    assertThat(state.fits(FacadeFootage.SCENE, 1280, 720)).isTrue();
    assertThat(state.fits(moved, 1280, 720)).isFalse();
    assertThat(state.fits(FacadeFootage.SCENE, 1920, 1080)).isFalse();
  }
}
