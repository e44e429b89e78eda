package io.gridwatch.ingest.source;

import io.gridwatch.contracts.CameraStatus;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.config.SamplingConfig;
import io.gridwatch.ingest.decode.Credentials;
import io.gridwatch.ingest.decode.DecoderFactory;
import io.gridwatch.ingest.decode.HandshakeTimeoutException;
import io.gridwatch.ingest.decode.StreamUrls;
import io.gridwatch.ingest.decode.VideoDecoder;
import io.gridwatch.ingest.sampling.FrameSampler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one camera on its own thread: decode, sample, hand off. It reconnects by itself with
 * backoff, so one bad camera never stalls or fails the others or the job.
 */
final class CameraWorker implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(CameraWorker.class);
  /**
   * Longest wait between reconnect attempts. Short enough that a camera is back within 10 s
   * of its return; with jitter, thousands of dead cameras still spread their attempts out.
   */
  static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(5);

  private final CameraSplit split;
  private final DecoderFactory decoders;
  private final FrameQueue queue;
  private final CameraMetrics metrics;
  private final Runnable onFrame;
  private final Backoff backoff;
  private final io.gridwatch.contracts.config.SamplingConfig sampling;
  private final FrameSampler sampler;
  private volatile boolean stopped;
  private volatile boolean finished;
  /** Last status reported: null before the first connect, then true (online) or false. */
  private Boolean online;
  private int failures;
  private Thread thread;

  CameraWorker(CameraSplit split, DecoderFactory decoders, FrameQueue queue, CameraMetrics metrics,
      Runnable onFrame) {
    this.split = split;
    this.decoders = decoders;
    this.queue = queue;
    this.metrics = metrics;
    this.onFrame = onFrame;
    this.backoff = new Backoff(Duration.ofSeconds(1), MAX_RECONNECT_DELAY, split.cameraId().hashCode());
    this.sampling = split.sampling();
    this.sampler = new FrameSampler(sampling);
  }

  void start() {
    thread = new Thread(this, "camera-" + split.cameraId());
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether a non-looping file has been read to its end. */
  boolean isFinished() {
    return finished;
  }

  CameraSplit split() {
    return split;
  }

  FrameQueue queue() {
    return queue;
  }

  /** Asks the thread to stop without waiting for it (a decoder call may take a while to end). */
  void stopAsync() {
    stopped = true;
    if (thread != null) {
      thread.interrupt();
    }
  }

  void stop() throws InterruptedException {
    stopAsync();
    if (thread != null) {
      thread.join(10_000);
    }
  }

  @Override
  public void run() {
    // The setup goes first, so the camera's detector exists before its first frame arrives.
    queue.offer(CameraSetup.of(split));
    onFrame.run();
    while (!stopped) {
      String problem;
      try {
        problem = readOnce();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (stopped || finished) {
        return;
      }
      if (problem == null) {
        continue; // a looped file ended: replay it from its start, as a simulated camera
      }
      goOffline(problem);
      if (!sleepBeforeReconnect()) {
        return;
      }
    }
  }

  /**
   * Connects once and reads until the stream ends.
   *
   * @return null to replay a looped file at once, or why the camera is offline now
   */
  private String readOnce() throws InterruptedException {
    boolean live = StreamUrls.isLive(split.source());
    String shown = StreamUrls.redact(split.source());
    boolean sawFrames = false;
    try (VideoDecoder decoder = decoders.create(split.cameraId(),
        Credentials.apply(split.cameraId(), split.source(), split.passwordEnv(), split.passwordFile(), System.getenv()),
        split.decoder(), sampling.keyFramesOnly())) {
      decoder.open();
      LOG.info("camera {}: connected to {}", split.cameraId(), shown);
      sampler.reset();
      long startWall = System.currentTimeMillis();
      long firstPts = -1;
      Frame frame;
      DecoderTally tally = new DecoderTally();
      // Frames the sampler will refuse are decoded but never converted to BGR (the gate asks it
      // before the pixels exist); they still count as decoded.
      while (!stopped && (frame = decoder.next(sampler::wouldAccept)) != null) {
        if (!sawFrames) {
          sawFrames = true;
          backoff.reset();
          failures = 0;
          goOnline();
        }
        metrics.framesDecoded.incrementAndGet();
        tally.update(decoder, metrics);
        metrics.lastFrameWallMs.set(frame.wallMs());
        if (!live) {
          // A file's frames are stamped with when a camera would have captured them: the
          // start of this pass plus media time. Paced in real time, that is the wall clock;
          // replayed at full speed, dwell times still mean what they say.
          firstPts = firstPts < 0 ? frame.ptsMs() : firstPts;
          long due = startWall + (frame.ptsMs() - firstPts);
          long wait = due - System.currentTimeMillis();
          if (split.realTime() && wait > 0) {
            Thread.sleep(wait);
          }
          frame = new Frame(frame.cameraId(), frame.seq(), frame.ptsMs(), due, frame.width(), frame.height(),
              frame.keyFrame(), frame.format(), frame.pixels());
        }
        if (sampler.accept(frame)) {
          metrics.framesSampled.incrementAndGet();
          if (queue.offer(frame)) {
            metrics.framesDropped.incrementAndGet();
          }
          onFrame.run();
        }
      }
      tally.update(decoder, metrics);
      if (stopped) {
        return null;
      }
      if (!live && !split.loop()) {
        LOG.info("camera {}: end of file {}", split.cameraId(), shown);
        finish();
        return null;
      }
      if (!live && sawFrames) {
        return null;
      }
      // A live camera has no end: end of stream means the camera or the network went away.
      LOG.warn("camera {}: stream from {} ended; reconnecting", split.cameraId(), shown);
      return "stream from " + shown + " ended";
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      metrics.decodeErrors.incrementAndGet();
      String reason = reasonOf(e);
      failures++;
      if (e instanceof HandshakeTimeoutException) {
        // Something accepted the connection: the camera is back and still booting, or busy.
        // Waiting out a long backoff now would only delay its return.
        backoff.reset();
      }
      // The first failure and then every tenth are worth a line; a dead camera retried every few
      // seconds for hours must not drown the log.
      if (failures == 1 || failures % 10 == 0) {
        LOG.warn("camera {}: {}{}", split.cameraId(), reason, failures == 1 ? "" : " (failed " + failures + " times in a row)");
      } else {
        LOG.debug("camera {}: {}", split.cameraId(), reason);
      }
      if (!live && !sawFrames && !split.loop()) {
        goOffline(reason);
        finish(); // an unreadable file will not get better by retrying
      }
      return reason;
    }
  }

  /**
   * Moves into the metrics what only the decoder counts: frames it decoded without converting
   * (refused by the sampler's gate) and packets it could not decode.
   */
  private static final class DecoderTally {
    private long skipped;
    private long errors;

    void update(VideoDecoder decoder, CameraMetrics metrics) {
      long s = decoder.framesSkipped();
      long e = decoder.decodeErrors();
      metrics.framesDecoded.addAndGet(s - skipped);
      metrics.decodeErrors.addAndGet(e - errors);
      skipped = s;
      errors = e;
    }
  }

  /** The exception's message without the "camera id: " prefix the decoders put in front. */
  private String reasonOf(Exception e) {
    String m = StreamUrls.redactAll(String.valueOf(e.getMessage()));
    String prefix = "camera " + split.cameraId() + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  private void goOnline() {
    if (!Boolean.TRUE.equals(online)) {
      online = true;
      queue.offer(new CameraStatus(split.cameraId(), true, System.currentTimeMillis(), "frames arriving",
          metrics.reconnects.get()));
      onFrame.run();
    }
  }

  private void goOffline(String reason) {
    if (!Boolean.FALSE.equals(online)) {
      online = false;
      queue.offer(new CameraStatus(split.cameraId(), false, System.currentTimeMillis(), reason,
          metrics.reconnects.get()));
      onFrame.run();
    }
  }

  private void finish() {
    finished = true;
    onFrame.run();
  }

  private boolean sleepBeforeReconnect() {
    long delay = backoff.nextDelayMs();
    metrics.reconnects.incrementAndGet();
    LOG.debug("camera {}: reconnecting in {} ms", split.cameraId(), delay);
    try {
      Thread.sleep(delay);
      return !stopped;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
