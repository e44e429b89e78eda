package io.gridwatch.ingest.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.config.SamplingConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameSamplerTest {

  private static List<Long> sampled(FrameSampler sampler, long fromMs, long toMs, long stepMs) {
    List<Long> out = new ArrayList<>();
    for (long t = fromMs; t < toMs; t += stepMs) {
      if (sampler.accept(t)) {
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
    assertThat(sampler.accept(0)).isTrue();
    assertThat(sampler.accept(40)).isFalse();
  }
}
