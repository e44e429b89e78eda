package io.gridwatch.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Batch work spread over a few threads with its results in order: rendering a series of clips,
 * replaying clips to score them, generating the demo's clips. Not for streaming work, which Flink
 * spreads.
 */
public final class Parallel {

  private Parallel() {}

  /** One item's work. */
  @FunctionalInterface
  public interface Task<T, R> {
    R apply(T item) throws IOException;
  }

  /**
   * Applies {@code task} to every item, at most {@code threads} at a time, and returns the results
   * in the items' order. A failure is thrown as it was (an {@link UncheckedIOException} as its
   * {@link IOException}), the first in the items' order; the work still running is interrupted.
   *
   * @param threadName name of the worker threads (daemons: they never keep the JVM alive)
   */
  public static <T, R> List<R> map(List<T> items, int threads, String threadName, Task<T, R> task)
      throws IOException {
    if (items.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, items.size())), r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<R>> futures = new ArrayList<>(items.size());
      for (T item : items) {
        futures.add(pool.submit(() -> task.apply(item)));
      }
      List<R> results = new ArrayList<>(items.size());
      for (Future<R> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof UncheckedIOException uio) {
        throw uio.getCause();
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
