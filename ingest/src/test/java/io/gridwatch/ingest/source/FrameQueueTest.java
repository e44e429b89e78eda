package io.gridwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.Frame;
import org.junit.jupiter.api.Test;

class FrameQueueTest {

  private static Frame frame(long seq) {
    return new Frame("cam", seq, seq * 40, 0, 2, 2, false, new byte[12]);
  }

  @Test
  void whenFullTheOldestFrameIsDroppedAndCounted() {
    FrameQueue q = new FrameQueue(2);
    assertThat(q.offer(frame(0))).isFalse();
    assertThat(q.offer(frame(1))).isFalse();
    assertThat(q.offer(frame(2))).isTrue();
    assertThat(q.dropped()).isEqualTo(1);
    assertThat(q.poll().frame().seq()).isEqualTo(1);
    assertThat(q.poll().frame().seq()).isEqualTo(2);
    assertThat(q.poll()).isNull();
  }

  @Test
  void statusChangesAreNeverDroppedAndDoNotOvertakeTheFramesBeforeThem() {
    FrameQueue q = new FrameQueue(2);
    q.offer(frame(0));
    q.offer(frame(1));
    q.offer(new io.gridwatch.contracts.CameraStatus("cam", false, 5, "stream ended", 1));
    assertThat(q.offer(frame(2))).as("a frame is dropped, never the status").isTrue();
    assertThat(q.offer(frame(3))).isTrue();
    assertThat(q.dropped()).isEqualTo(2);
    assertThat(q.poll().status().online()).as("frames 0 and 1 were the oldest").isFalse();
    assertThat(q.poll().frame().seq()).isEqualTo(2);
    assertThat(q.poll().frame().seq()).isEqualTo(3);
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void theLastFramesBeforeAnOutageGoOutBeforeTheOfflineStatus() {
    FrameQueue q = new FrameQueue(4);
    q.offer(frame(0));
    q.offer(frame(1));
    q.offer(new io.gridwatch.contracts.CameraStatus("cam", false, 5, "stream ended", 1));
    assertThat(q.poll().frame().seq()).isEqualTo(0);
    assertThat(q.poll().frame().seq()).isEqualTo(1);
    assertThat(q.poll().status().online()).isFalse();
    assertThat(q.poll()).isNull();
  }

  @Test
  void backoffGrowsAndIsCapped() {
    Backoff b = new Backoff(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(30), 7);
    long first = b.nextDelayMs();
    assertThat(first).isBetween(800L, 1200L);
    long later = 0;
    for (int i = 0; i < 10; i++) {
      later = b.nextDelayMs();
    }
    assertThat(later).isBetween(24_000L, 30_000L);
    Backoff capped = new Backoff(java.time.Duration.ofSeconds(1), CameraWorker.MAX_RECONNECT_DELAY, 7);
    for (int i = 0; i < 10; i++) {
      assertThat(capped.nextDelayMs()).isLessThanOrEqualTo(CameraWorker.MAX_RECONNECT_DELAY.toMillis());
    }
    b.reset();
    assertThat(b.nextDelayMs()).isBetween(800L, 1200L);
  }
}
