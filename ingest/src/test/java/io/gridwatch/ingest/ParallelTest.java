package io.gridwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelTest {

  @Test
  void resultsComeBackInTheItemsOrderWithAtMostTheGivenThreadsAtWork() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Integer> items = IntStream.range(0, 12).boxed().toList();
    List<Integer> squares = Parallel.map(items, 3, "test-parallel", i -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(20 - i); // later items finish first
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      running.decrementAndGet();
      return i * i;
    });
    assertThat(squares).containsExactly(0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121);
    assertThat(most.get()).isBetween(1, 3);
  }

  @Test
  void aFailureIsThrownAsItWas() {
    assertThatThrownBy(() -> Parallel.map(List.of(1, 2), 2, "test-parallel", i -> {
      if (i == 2) {
        throw new IOException("clip 2 unreadable");
      }
      return i;
    })).isInstanceOf(IOException.class).hasMessage("clip 2 unreadable");
    assertThatThrownBy(() -> Parallel.map(List.of(1), 1, "test-parallel", i -> {
      throw new UncheckedIOException(new IOException("disk full"));
    })).isInstanceOf(IOException.class).hasMessage("disk full");
    assertThatThrownBy(() -> Parallel.map(List.of(1), 1, "test-parallel", i -> {
      throw new IllegalArgumentException("bad clip");
    })).isInstanceOf(IllegalArgumentException.class).hasMessage("bad clip");
  }

  @Test
  void noItemsNeedNoThreads() throws Exception {
    assertThat(Parallel.<Integer, Integer>map(List.of(), 4, "test-parallel", i -> i)).isEmpty();
  }
}
