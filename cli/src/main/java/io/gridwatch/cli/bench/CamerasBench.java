package io.gridwatch.cli.bench;

import io.gridwatch.ingest.source.CameraEvent;
import io.gridwatch.ingest.source.CameraSource;
import io.gridwatch.ingest.source.CameraSplit;
import io.gridwatch.ingest.sim.rtsp.RtspCameraSimulator;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * {@code gridwatch bench cameras}: N simulated RTSP cameras read by the real camera source in a
 * local Flink MiniCluster (RocksDB state backend, checkpoints every 10 s, as {@code gridwatch
 * demo} runs it) for some minutes, watching that every camera keeps delivering and that memory
 * does not grow. The job is source, keyBy(camera), a counting map and a discarding sink: the
 * detection job's shape without its detectors, so the figures are ingest's alone.
 */
public final class CamerasBench {

  /** Memory counts as grown when its floor rose by more than this share ... */
  static final double GROWTH_SHARE = 0.05;
  /** ... and by more than this many bytes (GC and malloc arenas move tens of MB back and forth). */
  static final long GROWTH_BYTES = 32L << 20;

  /**
   * @param cameras      simulated cameras, all serving the same clip on their own RTSP path
   * @param minutes      how long to run
   * @param size         frame size of the clip
   * @param everySeconds sampling interval of every camera; 0 for every frame
   * @param encoder      encoder of the clip
   * @param parallelism  Flink parallelism (source readers and counting subtasks)
   * @param workDir      scratch folder for the clip and Flink's files
   */
  public record Options(int cameras, int minutes, FrameSize size, BenchClip.Encoder encoder, double everySeconds,
      int parallelism, Path workDir) {}

  /** One minute's figures. */
  public record Minute(int minute, long minFrames, long maxFrames, int delivering, long minDecodedFrames,
      long maxLagMs, long offlineEvents, long heapBytes, long rssBytes, double jvmCpuPercent,
      double serverCpuPercent, double othersCpuPercent, double load) {}

  private final Options o;
  private final PrintStream out;
  private final PrintStream progress;

  public CamerasBench(Options options, PrintStream out, PrintStream progress) {
    this.o = options;
    this.out = out;
    this.progress = progress;
  }

  /**
   * Runs the benchmark and prints a line per minute and a verdict.
   *
   * @return whether every camera delivered in every minute and memory did not grow
   */
  public boolean run() throws Exception {
    progress.printf("bench: generating a %s clip (%s)%n", o.size(), o.encoder().description());
    BenchClip clip = BenchClip.make(o.workDir(), o.size(), 20, o.encoder());
    Map<String, Path> paths = new LinkedHashMap<>();
    for (int i = 1; i <= o.cameras(); i++) {
      paths.put(String.format(Locale.ROOT, "cam-%02d", i), clip.file());
    }
    try (RtspCameraSimulator server = RtspCameraSimulator.builder().port(0).paths(paths).build()) {
      progress.printf("bench: serving %d RTSP cameras at %s%n", o.cameras(), server.start().baseUrl());
      FrameCounter.CAMERAS.clear();
      JobClient job = submit(server, paths);
      try {
        return watch(server, job);
      } finally {
        cancel(job);
      }
    }
  }

  private JobClient submit(RtspCameraSimulator server, Map<String, Path> paths) throws Exception {
    Configuration conf = new Configuration();
    conf.setString("state.backend.type", "rocksdb");
    conf.setString("execution.checkpointing.interval", "10 s");
    conf.setString("execution.checkpointing.dir", o.workDir().resolve("checkpoints").toUri().toString());
    conf.setString("io.tmp.dirs", o.workDir().resolve("flink-tmp").toString());
    conf.setString("rest.bind-address", "localhost");
    conf.setString("taskmanager.numberOfTaskSlots", Integer.toString(o.parallelism()));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(o.parallelism());

    long intervalMs = Math.round(o.everySeconds() * 1000);
    CameraSource.Builder source = CameraSource.builder();
    paths.keySet().forEach(id -> source.camera(CameraSplit.of(id, server.url(id), false, false, intervalMs)));
    env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "cameras").uid("camera-source")
        .keyBy(CameraEvent::cameraId)
        .map(new FrameCounter()).name("count frames").uid("count-frames")
        .sinkTo(new DiscardingSink<>()).name("discard").uid("discard");
    JobClient job = env.executeAsync("gridwatch-bench-cameras");
    progress.printf(Locale.ROOT, "bench: job %s running %d cameras at parallelism %d, sampling %s; "
        + "a line per minute for %d minutes%n", job.getJobID(), o.cameras(), o.parallelism(),
        intervalMs == 0 ? "every frame" : "every " + o.everySeconds() + " s", o.minutes());
    return job;
  }

  private boolean watch(RtspCameraSimulator server, JobClient job) throws Exception {
    long expected = o.everySeconds() == 0 ? 60L * BenchClip.FPS : Math.round(60 / o.everySeconds());
    out.printf("%nexpected per camera and minute: %d frames sampled, %d decoded%n", expected, 60L * BenchClip.FPS);
    String header = "%6s  %13s  %8s  %14s  %8s  %7s  %13s  %7s  %7s  %10s  %12s  %4s%n";
    out.printf(header, "minute", "frames/camera", "cameras", "decoded/camera", "sink lag", "offline", "heap after GC",
        "RSS", "JVM CPU", "server CPU", "other procs", "load");
    out.printf(header, "", "min-max", "deliver.", "min", "max ms", "events", "MiB", "MiB", "% core", "% core",
        "CPU % core", "1min");
    List<Minute> minutes = new ArrayList<>();
    Map<String, Long> lastSeq = new LinkedHashMap<>();
    Map<String, Long> sessions = new LinkedHashMap<>();
    TreeSet<String> silent = new TreeSet<>(); // cameras that missed a whole minute, ever
    long start = System.nanoTime();
    long cpu0 = Machine.processCpuNs();
    long server0 = serverCpuNs(server);
    long[] ticks0 = Machine.machineTicks();
    long wall0 = System.nanoTime();
    for (int m = 1; m <= o.minutes(); m++) {
      long due = start + TimeUnit.MINUTES.toNanos(m);
      while (System.nanoTime() < due) {
        Thread.sleep(Math.min(1000, Math.max(1, (due - System.nanoTime()) / 1_000_000)));
        String ended = ended(job);
        if (ended != null) {
          out.println("verdict: the job ended by itself after " + (m - 1) + " minute(s): " + ended);
          return false;
        }
      }
      long cpu1 = Machine.processCpuNs();
      long server1 = serverCpuNs(server);
      long[] ticks1 = Machine.machineTicks();
      long wall1 = System.nanoTime();
      long minF = Long.MAX_VALUE;
      long maxF = 0;
      long minDecoded = Long.MAX_VALUE;
      long lag = 0;
      long offline = 0;
      int delivering = 0;
      for (String id : server.paths().keySet()) {
        FrameCounter.Counts c = FrameCounter.CAMERAS.get(id);
        long frames = c == null ? 0 : c.frames.getAndSet(0);
        minF = Math.min(minF, frames);
        maxF = Math.max(maxF, frames);
        if (frames > 0) {
          delivering++;
        } else {
          silent.add(id);
        }
        if (c != null) {
          lag = Math.max(lag, c.maxLagMs.getAndSet(0));
          offline += c.offline.get();
          // Frames decoded this minute, from the decoder's frame numbers (unknown across a reconnect).
          long seq = c.lastSeq.get();
          long session = c.sessions.get();
          if (lastSeq.containsKey(id) && sessions.get(id) == session) {
            minDecoded = Math.min(minDecoded, seq - lastSeq.get(id));
          }
          lastSeq.put(id, seq);
          sessions.put(id, session);
        }
      }
      long heap = heapAfterGc();
      double seconds = (wall1 - wall0) / 1e9;
      double serverPercent = server1 < 0 || server0 < 0 ? -1 : (server1 - server0) / 1e7 / seconds;
      // Everything else on the machine: ticks are 10 ms, so ticks per second is % of one core.
      Minute row = new Minute(m, minF, maxF, delivering, minDecoded == Long.MAX_VALUE ? -1 : minDecoded, lag,
          offline, heap, Machine.rssBytes(), (cpu1 - cpu0) / 1e7 / seconds, serverPercent,
          Math.max(0, (ticks1[0] - ticks0[0]) / seconds - (cpu1 - cpu0) / 1e7 / seconds - Math.max(0, serverPercent)),
          Machine.loadAverage());
      minutes.add(row);
      print(row);
      cpu0 = cpu1;
      server0 = server1;
      ticks0 = ticks1;
      wall0 = wall1;
    }
    return verdict(minutes, silent);
  }

  private void print(Minute r) {
    out.printf(Locale.ROOT, "%6d  %6d-%-6d  %4d/%-3d  %14s  %8d  %7d  %13d  %7d  %7.0f  %10s  %12.0f  %4.2f%n",
        r.minute(), r.minFrames(), r.maxFrames(), r.delivering(), o.cameras(),
        r.minDecodedFrames() < 0 ? "-" : Long.toString(r.minDecodedFrames()), r.maxLagMs(), r.offlineEvents(),
        r.heapBytes() >> 20, r.rssBytes() >> 20, r.jvmCpuPercent(),
        r.serverCpuPercent() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", r.serverCpuPercent()),
        r.othersCpuPercent(), r.load());
    out.flush();
  }

  /**
   * Prints the verdict: cameras lost, and memory from minute 2 to the end. One sample after GC
   * swings by the frames that happen to be in flight (up to 4 queued per camera, 2.8 MB each at
   * 720p), so growth is judged on floors, the smallest sample of minutes 2-4 against that of the
   * last three minutes: what a leak raises and a full queue does not.
   */
  private boolean verdict(List<Minute> minutes, TreeSet<String> silent) {
    boolean ok = silent.isEmpty();
    StringBuilder v = new StringBuilder("verdict: ");
    v.append(silent.isEmpty() ? "all " + o.cameras() + " cameras delivered frames in every minute"
        : silent.size() + " camera(s) delivered nothing for a whole minute: " + String.join(", ", silent));
    Minute last = minutes.get(minutes.size() - 1);
    v.append("; ").append(last.offlineEvents()).append(" offline event(s)");
    if (minutes.size() >= 2) {
      Minute second = minutes.get(1);
      v.append(String.format(Locale.ROOT, "; memory from minute 2 to %d: heap after GC %+d MiB, RSS %+d MiB",
          last.minute(), (last.heapBytes() - second.heapBytes()) >> 20, (last.rssBytes() - second.rssBytes()) >> 20));
    }
    if (minutes.size() >= 6) {
      List<Minute> early = minutes.subList(1, 4);
      List<Minute> late = minutes.subList(minutes.size() - 3, minutes.size());
      long heapEarly = floor(early, Minute::heapBytes);
      long heapLate = floor(late, Minute::heapBytes);
      long rssEarly = floor(early, Minute::rssBytes);
      long rssLate = floor(late, Minute::rssBytes);
      boolean heapGrew = grew(heapEarly, heapLate);
      boolean rssGrew = grew(rssEarly, rssLate);
      ok &= !heapGrew && !rssGrew;
      v.append(String.format(Locale.ROOT, "; floors (minutes 2-4 vs last 3): heap %d -> %d MiB (%s), RSS %d -> %d MiB (%s)",
          heapEarly >> 20, heapLate >> 20, heapGrew ? "GREW" : "no growth", rssEarly >> 20, rssLate >> 20,
          rssGrew ? "GREW" : "no growth"));
    } else {
      v.append(" (growth is judged from 6 minutes on)");
    }
    out.println(v);
    out.flush();
    return ok;
  }

  private static boolean grew(long before, long after) {
    long d = after - before;
    return d > GROWTH_BYTES && d > before * GROWTH_SHARE;
  }

  private static long floor(List<Minute> minutes, java.util.function.ToLongFunction<Minute> value) {
    return minutes.stream().mapToLong(value).min().orElse(0);
  }

  /**
   * Heap in use right after a full collection: what the run holds on to. Read from the
   * collector's own after-collection figures, not from the heap a moment later, by when 16
   * decoders at 25 fps (about 1 GB/s of frame arrays at 720p) have allocated anew.
   */
  static long heapAfterGc() {
    System.gc();
    long used = 0;
    for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
        used += pool.getCollectionUsage().getUsed();
      }
    }
    return used;
  }

  /** Null while the job runs, else how it ended (a per-job MiniCluster may be gone already). */
  private static String ended(JobClient job) {
    try {
      var status = job.getJobStatus().get(10, TimeUnit.SECONDS);
      return status.isGloballyTerminalState() ? status.toString() : null;
    } catch (Exception e) {
      return e.toString();
    }
  }

  /** CPU time of the RTSP server process (it shares the machine's cores with the JVM). */
  private static long serverCpuNs(RtspCameraSimulator server) {
    return ProcessHandle.of(server.pid()).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos)
        .orElse(-1L);
  }

  /** Cancels the job and waits until it has stopped, so no camera thread outlives the command. */
  private void cancel(JobClient job) {
    try {
      job.cancel().get(60, TimeUnit.SECONDS);
      job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      // expected: the result of a cancelled job is a cancellation exception
    } catch (Exception e) {
      progress.println("bench: the job did not cancel cleanly: " + e);
      return;
    }
    progress.println("bench: job cancelled");
  }
}
