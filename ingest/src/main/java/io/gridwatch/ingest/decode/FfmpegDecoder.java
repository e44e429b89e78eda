package io.gridwatch.ingest.decode;

import io.gridwatch.contracts.Frame;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes with FFmpeg through JavaCV: files and network streams. RTSP goes over TCP (UDP loses
 * packets on busy networks and breaks frames) with a socket timeout, so that a frozen camera
 * fails a read instead of hanging the reader.
 */
public final class FfmpegDecoder implements VideoDecoder {

  private final String cameraId;
  private final String source;
  private final Duration socketTimeout;
  private final boolean keyFramesOnly;
  private FFmpegFrameGrabber grabber;
  private long seq;

  public FfmpegDecoder(String cameraId, String source, Duration socketTimeout) {
    this(cameraId, source, socketTimeout, false);
  }

  /**
   * @param keyFramesOnly skip decoding everything but key frames: FFmpeg still reads and parses
   *                      every packet, but the decoder's work (the bulk of the cost) is done for
   *                      key frames only
   */
  public FfmpegDecoder(String cameraId, String source, Duration socketTimeout, boolean keyFramesOnly) {
    this.cameraId = cameraId;
    this.source = source;
    this.socketTimeout = socketTimeout;
    this.keyFramesOnly = keyFramesOnly;
  }

  @Override
  public void open() throws VideoSourceException {
    FfmpegLogging.quiet();
    FFmpegFrameGrabber g = new FFmpegFrameGrabber(source);
    g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
    // One camera, one core at most: cameras scale out, not up. A codec option: as a format option
    // (setOption) avformat_open_input rejects it and FFmpeg picks one thread per core.
    g.setVideoOption("threads", "1");
    if (keyFramesOnly) {
      g.setVideoOption("skip_frame", "nokey"); // AVCodecContext.skip_frame = AVDISCARD_NONKEY
    }
    if (StreamUrls.isLive(source)) {
      g.setOption("rtsp_transport", "tcp");
      // FFmpeg's socket/IO timeout in microseconds ("timeout" for rtsp and http).
      g.setOption("timeout", Long.toString(socketTimeout.toNanos() / 1000));
      g.setOption("rw_timeout", Long.toString(socketTimeout.toNanos() / 1000));
    }
    try {
      // Not start(): it holds one JVM-wide lock (avcodec.class) through connecting, the RTSP
      // handshake and stream probing, so one camera that hangs there would keep every other
      // camera of the task manager from opening for up to two socket timeouts (JavaCV retries
      // a failed open once). FFmpeg itself has made opening codecs thread-safe since 4.0 (it
      // locks internally where a codec needs it); startUnsafe() is the same open without the
      // lock, JavaCV's entry point for grabbers that open in parallel.
      g.startUnsafe();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      closeQuietly(g);
      throw new VideoSourceException("camera " + cameraId + ": cannot open " + StreamUrls.redact(source)
          + ": " + describe(e), e);
    }
    if (g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
      closeQuietly(g);
      throw new VideoSourceException("camera " + cameraId + ": " + StreamUrls.redact(source)
          + " has no decodable video stream", null);
    }
    grabber = g;
    seq = 0;
  }

  @Override
  public Frame next() throws VideoSourceException {
    if (grabber == null) {
      throw new IllegalStateException("camera " + cameraId + ": decoder is not open");
    }
    try {
      org.bytedeco.javacv.Frame f = grabber.grabImage();
      if (f == null) {
        return null;
      }
      return toFrame(f);
    } catch (FrameGrabber.Exception | RuntimeException e) {
      throw new VideoSourceException("camera " + cameraId + ": decode failed at frame " + seq + " of "
          + StreamUrls.redact(source) + ": " + describe(e), e);
    }
  }

  private Frame toFrame(org.bytedeco.javacv.Frame f) {
    int w = f.imageWidth;
    int h = f.imageHeight;
    int stride = f.imageStride; // in bytes per row for 8-bit images; may exceed w * 3 (padding)
    ByteBuffer buf = ((ByteBuffer) f.image[0]).duplicate();
    byte[] bgr = new byte[w * h * 3];
    if (stride == w * 3) {
      buf.position(0);
      buf.get(bgr, 0, bgr.length);
    } else {
      for (int y = 0; y < h; y++) {
        buf.position(y * stride);
        buf.get(bgr, y * w * 3, w * 3);
      }
    }
    long ptsMs = Math.max(0, f.timestamp / 1000);
    return new Frame(cameraId, seq++, ptsMs, System.currentTimeMillis(), w, h, f.keyFrame, bgr);
  }

  @Override
  public double frameRate() {
    return grabber == null ? 0 : grabber.getVideoFrameRate();
  }

  @Override
  public void close() {
    if (grabber != null) {
      closeQuietly(grabber);
      grabber = null;
    }
  }

  private static void closeQuietly(FFmpegFrameGrabber g) {
    try {
      g.releaseUnsafe(); // what stop() and release() do, without the JVM-wide lock (see open())
    } catch (Exception ignored) {
      // closing a broken stream may fail again; nothing left to save
    }
  }

  private static final java.util.regex.Pattern AV_ERROR = java.util.regex.Pattern.compile("error (-\\d+)");

  /**
   * JavaCV's message without its hints for programmers, with FFmpeg's error number spelled out
   * ("error -111" becomes "error -111: Connection refused") and any password hidden.
   */
  static String describe(Throwable e) {
    String m = e.getMessage();
    if (m == null) {
      return e.getClass().getSimpleName();
    }
    m = m.replaceAll("\\s+", " ")
        .replace(" (Has setFormat() been called?)", "")
        .replace(" (For more details, make sure FFmpegLogCallback.set() has been called.)", "")
        .trim();
    var matcher = AV_ERROR.matcher(m);
    if (matcher.find()) {
      byte[] buf = new byte[256];
      if (avutil.av_strerror(Integer.parseInt(matcher.group(1)), buf, buf.length) == 0) {
        int end = 0;
        while (end < buf.length && buf[end] != 0) {
          end++;
        }
        m = m + " (" + new String(buf, 0, end, java.nio.charset.StandardCharsets.UTF_8) + ")";
      }
    }
    return StreamUrls.redactAll(m);
  }

}
