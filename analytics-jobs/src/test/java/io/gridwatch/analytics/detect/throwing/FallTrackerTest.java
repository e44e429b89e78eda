package io.gridwatch.analytics.detect.throwing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FallTrackerTest {

  @Test
  void aSlowDrifterFollowedForLongerThanATrackHoldsKeepsItsStartAndItsNewestPoints() {
    FallTracker.Settings settings = FallTracker.Settings.forFrameWidth(1920);
    FallTracker tracker = new FallTracker(settings);
    List<List<TrackPoint>> finished = new ArrayList<>();
    int frames = 30 * 25; // a sheet of paper drifting down for 30 s, 0.8 px a frame
    for (int i = 0; i < frames; i++) {
      long t = i * 40L;
      finished.addAll(tracker.update(t, List.of(new Blob(600 + 10 * Math.sin(i / 40.0), 100 + 0.8 * i, 60))));
    }
    for (int i = 0; i < 20; i++) { // gone: the track ends
      finished.addAll(tracker.update((frames + i) * 40L, List.of()));
    }
    assertThat(finished).singleElement().satisfies(track -> {
      assertThat(track).hasSize(settings.maxPoints());
      assertThat(track.get(0).tMs()).isZero();
      assertThat(track.get(track.size() - 1).tMs()).isEqualTo((frames - 1) * 40L);
      for (int i = 1; i < track.size(); i++) {
        assertThat(track.get(i).tMs()).isGreaterThan(track.get(i - 1).tMs());
      }
    });
  }
}
