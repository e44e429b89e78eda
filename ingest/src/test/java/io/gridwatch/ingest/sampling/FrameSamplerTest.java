package io.gridwatch.ingest.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.config.SamplingConfig;
import io.gridwatch.ingest.sim.Canvas;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameSamplerTest {

  private static final byte[] BLANK = new byte[16 * 16 * 3];

  private static Frame frame(long ptsMs, boolean key) {
    return new Frame("cam", ptsMs / 40, ptsMs, ptsMs, 16, 16, key, BLANK);
  }

  private static List<Long> sampled(FrameSampler sampler, long fromMs, long toMs, long stepMs) {
    List<Long> out = new ArrayList<>();
    for (long t = fromMs; t < toMs; t += stepMs) {
      if (sampler.accept(frame(t, t % 2000 == 0))) {
        out.add(t);
      }
    }
    return out;
  }

  @Test
  void fullRateKeepsEveryFrame() {
    assertThat(sampled(new FrameSampler(SamplingConfig.full()), 0, 1000, 40)).hasSize(25);
  }

  @Test
  void everyTwoSecondsKeepsOneFrameInFifty() {
    assertThat(sampled(new FrameSampler(SamplingConfig.every(2)), 0, 10_000, 40))
        .containsExactly(0L, 2000L, 4000L, 6000L, 8000L);
  }

  @Test
  void aLoopedFileStartsSamplingAgainFromItsStart() {
    FrameSampler sampler = new FrameSampler(SamplingConfig.every(1));
    sampled(sampler, 0, 10_000, 40);
    assertThat(sampler.accept(frame(0, false))).isTrue();
    assertThat(sampler.accept(frame(40, false))).isFalse();
  }

  @Test
  void keyFramesModeKeepsOnlyKeyFrames() {
    assertThat(sampled(new FrameSampler(SamplingConfig.keyframes()), 0, 10_000, 40))
        .containsExactly(0L, 2000L, 4000L, 6000L, 8000L);
  }

  @Test
  void motionModeSendsMovementAndAHeartbeatButNotAStillScene() {
    FrameSampler sampler = new FrameSampler(SamplingConfig.motion(0.005, 10));
    Canvas canvas = new Canvas(320, 180, 1);
    List<Long> sent = new ArrayList<>();
    for (long t = 0; t < 30_000; t += 40) {
      canvas.clear();
      if (t >= 12_000 && t < 14_000) {
        canvas.person(40 + (int) ((t - 12_000) / 10), 170, 60, 30, 30, 200); // someone walks by
      }
      Frame f = new Frame("cam", t / 40, t, t, 320, 180, false, canvas.render(3));
      if (sampler.accept(f)) {
        sent.add(t);
      }
    }
    // first frame, heartbeat at 10 s, the walk (12..14 s, about every frame), heartbeat 10 s after
    assertThat(sent).contains(0L, 10_000L, 24_000L);
    assertThat(sent.stream().filter(t -> t >= 12_000 && t < 14_000).count()).isGreaterThan(20);
    assertThat(sent.stream().filter(t -> (t > 0 && t < 10_000) || (t > 14_100 && t < 24_000)).count()).isZero();
  }
}
