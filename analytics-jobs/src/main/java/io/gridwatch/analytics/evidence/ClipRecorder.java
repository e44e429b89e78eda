package io.gridwatch.analytics.evidence;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.gridwatch.analytics.vision.FrameShrinker;
import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.ingest.encode.ClipWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A short evidence clip around each alert, from {@code preMs} before the event to {@code postMs}
 * after it, without keeping raw frames: the last seconds are held as small JPEGs (a 1080p raw
 * frame is 6 MB; a 640-pixel JPEG about 30 KB), and a clip is encoded as H.264 once its
 * post-roll has passed. The alert names the clip's path at once; the file appears a few seconds
 * later.
 *
 * <p>Not thread-safe: one per camera, fed by the camera's detector thread.
 */
public final class ClipRecorder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClipRecorder.class);

  /**
   * @param width    width of the clip's frames (height follows the camera's aspect ratio)
   * @param fps      frames kept per second
   * @param preMs    clip start before the event's start
   * @param postMs   clip end after the event's end
   * @param bufferMs how much history is kept (pre-roll plus the longest event)
   * @param quality  JPEG quality of the buffered frames
   */
  public record Settings(int width, double fps, long preMs, long postMs, long bufferMs, int quality) {
    public static Settings defaults() {
      return new Settings(640, 12.5, 3_000, 2_000, 12_000, 75);
    }
  }

  private record Buffered(long tMs, byte[] jpeg) {}

  private record Pending(Path target, long fromMs, long toMs) {}

  private final EvidenceStore store;
  private final Settings settings;
  private final ArrayDeque<Buffered> ring = new ArrayDeque<>();
  private final FrameShrinker shrinker = new FrameShrinker();
  private final List<Pending> pending = new ArrayList<>();
  private long nextKeepMs = Long.MIN_VALUE;
  private long bufferedBytes;
  private int clipWidth;
  private int clipHeight;

  public ClipRecorder(EvidenceStore store, Settings settings) {
    this.store = store;
    this.settings = settings;
  }

  /** Bytes of JPEG held (the recorder's state size). */
  public long bufferedBytes() {
    return bufferedBytes;
  }

  /** Keeps the frame if one is due, and writes clips whose post-roll has passed. */
  public void onFrame(Frame frame, long tMs) {
    if (nextKeepMs == Long.MIN_VALUE || tMs >= nextKeepMs || tMs < nextKeepMs - 2_000) {
      nextKeepMs = tMs + Math.round(1000 / settings.fps());
      ring.addLast(new Buffered(tMs, shrink(frame)));
      bufferedBytes += ring.peekLast().jpeg().length;
      while (!ring.isEmpty() && ring.peekFirst().tMs() < tMs - settings.bufferMs()) {
        bufferedBytes -= ring.pollFirst().jpeg().length;
      }
    }
    Iterator<Pending> it = pending.iterator();
    while (it.hasNext()) {
      Pending p = it.next();
      if (tMs >= p.toMs()) {
        write(p);
        it.remove();
      }
    }
  }

  /** Asks for a clip around the alert; returns where it will be. */
  public Path request(Alert alert) {
    Path target = store.clipPath(alert);
    pending.add(new Pending(target, alert.startMs() - settings.preMs(), alert.endMs() + settings.postMs()));
    return target;
  }

  private byte[] shrink(Frame frame) {
    int w = Math.min(settings.width(), frame.width()) & ~1;
    int h = ((int) Math.round(frame.height() * (w / (double) frame.width()))) & ~1;
    try (Size size = new Size(w, h); BytePointer buf = new BytePointer();
        org.bytedeco.javacpp.IntPointer params = new org.bytedeco.javacpp.IntPointer(
            opencv_imgcodecs.IMWRITE_JPEG_QUALITY, settings.quality())) {
      clipWidth = w;
      clipHeight = h;
      opencv_imgcodecs.imencode(".jpg", shrinker.toSmallBgr(frame, size), buf, params);
      byte[] out = new byte[(int) buf.limit()];
      buf.get(out);
      return out;
    }
  }

  private void write(Pending p) {
    List<Buffered> frames = ring.stream().filter(b -> b.tMs() >= p.fromMs() && b.tMs() <= p.toMs()).toList();
    if (frames.isEmpty()) {
      LOG.warn("evidence clip {} has no frames in the buffer", p.target());
      return;
    }
    Path tmp = p.target().resolveSibling(p.target().getFileName() + ".part.mp4");
    try {
      Files.createDirectories(p.target().getParent());
      try (ClipWriter writer = new ClipWriter(tmp, clipWidth, clipHeight, settings.fps(),
          (int) Math.round(settings.fps() * 2), 800_000)) {
        byte[] bgr = new byte[clipWidth * clipHeight * 3];
        for (Buffered b : frames) {
          try (Mat jpeg = new Mat(1, b.jpeg().length, org.bytedeco.opencv.global.opencv_core.CV_8UC1);
              Mat decoded = new Mat()) {
            jpeg.data().put(b.jpeg());
            opencv_imgcodecs.imdecode(jpeg, opencv_imgcodecs.IMREAD_COLOR, decoded);
            if (decoded.cols() != clipWidth || decoded.rows() != clipHeight || decoded.type() != CV_8UC3) {
              continue; // a resolution change inside the clip: skip the odd frames
            }
            decoded.data().get(bgr);
            writer.write(bgr);
          }
        }
      }
      Files.move(tmp, p.target(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      // The alert has gone out already; a missing clip must not take the detector down.
      LOG.warn("evidence clip {} not written: {}", p.target(), e.getMessage());
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // nothing more to do
      }
    }
  }

  /** Writes the clips still waiting for their post-roll with what there is (end of a replay). */
  @Override
  public void close() {
    pending.forEach(this::write);
    pending.clear();
    shrinker.close();
    ring.clear();
    bufferedBytes = 0;
  }
}
