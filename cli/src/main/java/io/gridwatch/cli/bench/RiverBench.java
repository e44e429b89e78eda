package io.gridwatch.cli.bench;

import io.gridwatch.analytics.detect.river.RiverDetector;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.config.DecoderKind;
import io.gridwatch.contracts.config.SceneConfig;
import io.gridwatch.ingest.decode.DecoderFactory;
import io.gridwatch.ingest.decode.VideoDecoder;
import io.gridwatch.ingest.sampling.FrameSampler;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * What one river camera costs at its sampling rate: a clip replayed as the camera would be read,
 * with the decoding thread's CPU time split between decoding (including the frames the sampler
 * drops, or skips for key-frame sampling) and the {@link RiverDetector} on the sampled frames.
 */
public final class RiverBench {

  /** One run's figures. */
  public record Result(String clip, double videoSeconds, long decoded, long sampled, double decodeCpuMs,
      double detectCpuMs, double detectP95Ms, long maxStateBytes) {

    double cpuMsPerVideoSecond() {
      return (decodeCpuMs + detectCpuMs) / videoSeconds;
    }

    double camerasPerCore() {
      return 1000 / cpuMsPerVideoSecond();
    }
  }

  private RiverBench() {}

  /** Replays {@code video} once through decoder, sampler and river detector, timing each on this thread. */
  public static Result run(SceneConfig scene, String video) throws IOException {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    FrameSampler sampler = new FrameSampler(scene.sampling());
    long decoded = 0;
    long sampled = 0;
    long decodeNs = 0;
    long detectNs = 0;
    long maxState = 0;
    long lastPts = 0;
    long[] perFrame = new long[1024];
    try (VideoDecoder decoder = DecoderFactory.standard(Duration.ofSeconds(10)).create(scene.cameraId(), video,
        DecoderKind.FFMPEG, scene.sampling().keyFramesOnly()); RiverDetector detector = new RiverDetector(
            scene.cameraId(), scene.river())) {
      decoder.open();
      while (true) {
        long t0 = mx.getCurrentThreadCpuTime();
        Frame frame = decoder.next();
        boolean take = frame != null && sampler.accept(frame);
        long t1 = mx.getCurrentThreadCpuTime();
        decodeNs += t1 - t0;
        if (frame == null) {
          break;
        }
        decoded++;
        lastPts = frame.ptsMs();
        if (!take) {
          continue;
        }
        detector.onFrame(frame, frame.ptsMs());
        long t2 = mx.getCurrentThreadCpuTime();
        detectNs += t2 - t1;
        if (sampled == perFrame.length) {
          perFrame = Arrays.copyOf(perFrame, perFrame.length * 2);
        }
        perFrame[(int) sampled++] = t2 - t1;
        maxState = Math.max(maxState, detector.stateBytes());
      }
    }
    long[] sorted = Arrays.copyOf(perFrame, (int) sampled);
    Arrays.sort(sorted);
    double p95 = sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.95 * sorted.length) - 1)] / 1e6;
    return new Result(video, Math.max(0.001, (lastPts + 40) / 1000.0), decoded, sampled, decodeNs / 1e6,
        detectNs / 1e6, p95, maxState);
  }

  public static void printHeader(PrintStream out) {
    out.println("| clip | size | video s | decoded | sampled | decode ms / sampled frame | detector ms / sampled frame"
        + " (mean, p95) | CPU ms per video s | cameras/core | detector state MB (max) |");
    out.println("|---|---|---|---|---|---|---|---|---|---|");
  }

  public static void print(Result r, String size, PrintStream out) {
    out.printf(Locale.ROOT, "| %s | %s | %.1f | %d | %d | %.2f | %.2f, %.2f | %.2f | %.1f | %.2f |%n",
        java.nio.file.Path.of(r.clip()).getFileName(), size, r.videoSeconds(), r.decoded(), r.sampled(),
        r.decodeCpuMs() / Math.max(1, r.sampled()), r.detectCpuMs() / Math.max(1, r.sampled()), r.detectP95Ms(),
        r.cpuMsPerVideoSecond(), r.camerasPerCore(), r.maxStateBytes() / 1e6);
  }
}
