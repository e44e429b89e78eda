package io.gridwatch.ingest.decode;

import io.gridwatch.contracts.Frame;
import io.gridwatch.ingest.decode.gst.FirstError;
import io.gridwatch.ingest.decode.gst.GstRuntime;
import io.gridwatch.ingest.decode.gst.KeyFrames;
import io.gridwatch.ingest.decode.gst.SamplePixels;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.StateChangeReturn;
import org.freedesktop.gstreamer.elements.AppSink;

/**
 * Decodes with the system's GStreamer through gst1-java-core: files, RTSP cameras and other URLs
 * that GStreamer's plugins read. Same contract as {@link FfmpegDecoder}; it exists for hosts
 * where GStreamer's plugins (hardware decoders, codecs FFmpeg lacks) serve a camera better.
 *
 * <p>The pipeline is one of three fixed descriptions; the camera's URL or path is never part of
 * the text GStreamer parses, it is set afterwards as the source element's property, so a URL
 * cannot inject elements. RTSP goes over TCP with a socket timeout, as with FFmpeg.
 *
 * <p>Samples are pulled on the caller's thread with a short timeout, checking between pulls
 * for a pipeline error, the overall deadline and thread interruption: an element that fails
 * stops pushing data, and a plain blocking pull would wait for ever.
 */
public final class GstreamerDecoder implements VideoDecoder {

  /** Decoded, converted to packed BGR and queued for the caller; 4 frames bound the memory. */
  private static final String TO_BGR_SINK = " ! videoconvert ! video/x-raw,format=BGR"
      + " ! appsink name=sink sync=false max-buffers=4 drop=false emit-signals=false";
  /**
   * rtspsrc exposes one pad per media (video, audio, metadata); the caps filter takes the video
   * one. Latency 200 ms: jitter buffer for TCP-delivered RTP, which arrives in order anyway.
   * buffer-mode=none: timestamps from RTP alone, the camera's media clock, as FFmpeg reports
   * them; the default slaves them to arrival times and frames 40 ms apart come out 32-40 ms.
   */
  private static final String RTSP = "rtspsrc name=src protocols=tcp latency=200 buffer-mode=none"
      + " ! application/x-rtp,media=video ! decodebin name=dec" + TO_BGR_SINK;
  private static final String FILE = "filesrc name=src ! decodebin" + TO_BGR_SINK;
  /** Any other URL (http, udp, srt, file://): uridecodebin picks the source element. */
  private static final String URI = "uridecodebin name=src" + TO_BGR_SINK;

  /** How long one pull waits before the loop looks at errors, deadline and interrupts again. */
  private static final long POLL_NS = 50_000_000L;

  private final String cameraId;
  private final String source;
  private final Duration socketTimeout;
  private final boolean keyFramesOnly;
  private Pipeline pipeline;
  private Bus bus; // the pipeline's; its proxy holds our sync handler
  private AppSink sink;
  private FirstError errors;
  private KeyFrames keyFrames;
  private Sample pending; // first sample, pulled by open() to prove the source decodes
  /** Whether a camera's RTP has reached the decoding chain: its handshake is over. */
  private volatile boolean mediaArrived;
  /** The pad watched for the first RTP and its probe: held so that their proxies live on. */
  private Pad mediaPad;
  private Pad.PROBE mediaProbe;
  private long firstPtsNs;
  private long seq;
  private double frameRate;

  public GstreamerDecoder(String cameraId, String source, Duration socketTimeout) {
    this(cameraId, source, socketTimeout, false);
  }

  /**
   * @param keyFramesOnly decode key frames only: the others are dropped before the decoder, so
   *                      {@link #next()} returns key frames only (as FfmpegDecoder does)
   */
  public GstreamerDecoder(String cameraId, String source, Duration socketTimeout, boolean keyFramesOnly) {
    this.cameraId = cameraId;
    this.source = source;
    this.socketTimeout = socketTimeout;
    this.keyFramesOnly = keyFramesOnly;
  }

  @Override
  public void open() throws VideoSourceException, InterruptedIOException {
    close();
    try {
      GstRuntime.ensureInitialized();
    } catch (IllegalStateException e) {
      throw new VideoSourceException(prefix() + "cannot open " + shown() + ": " + e.getMessage(), e);
    }
    boolean rtsp = source.regionMatches(true, 0, "rtsp://", 0, 7)
        || source.regionMatches(true, 0, "rtsps://", 0, 8);
    boolean uri = !rtsp && source.matches("(?i)^[a-z][a-z0-9+.-]*://.*");
    try {
      pipeline = (Pipeline) Gst.parseLaunch(rtsp ? RTSP : uri ? URI : FILE);
      errors = new FirstError();
      bus = pipeline.getBus();
      bus.setSyncHandler(errors);
      KeyFrames keys = new KeyFrames(keyFramesOnly);
      keyFrames = keys;
      pipeline.connect((Bin.DEEP_ELEMENT_ADDED) (top, parent, element) -> onElementAdded(element, keys));
      sink = (AppSink) pipeline.getElementByName("sink");
      Element src = pipeline.getElementByName("src");
      if (rtsp) {
        watchForMedia(pipeline.getElementByName("dec"));
        src.set("location", source);
        // Microseconds. Bounds connecting and every later read, so a frozen camera errors out.
        src.set("tcp-timeout", socketTimeout.toNanos() / 1000);
      } else if (uri) {
        src.set("uri", source);
      } else {
        src.set("location", Path.of(source).toAbsolutePath().toString());
      }
      src.dispose();
    } catch (RuntimeException e) {
      close();
      throw new VideoSourceException(prefix() + "cannot build a GStreamer pipeline for " + shown()
          + ": " + StreamUrls.redactAll(String.valueOf(e.getMessage())), e);
    }
    seq = 0;
    frameRate = 0;
    try {
      if (pipeline.play() == StateChangeReturn.FAILURE) {
        // The failing element posted its error on the bus before the call returned.
        String error = errors.get();
        throw new VideoSourceException(prefix() + "cannot open " + shown() + ": "
            + (error != null ? error : "GStreamer refused to start the pipeline"), null);
      }
      pending = pull("cannot open " + shown(), rtsp);
    } catch (VideoSourceException | InterruptedIOException | RuntimeException e) {
      close();
      // decodebin exposed only pads that cannot link to videoconvert (audio, data), so the
      // demuxer stopped with "not-linked": a source without video, not a broken pipeline.
      if (e instanceof VideoSourceException && String.valueOf(e.getMessage()).contains("reason not-linked")) {
        throw new VideoSourceException(prefix() + shown() + " has no decodable video stream", e);
      }
      throw e;
    }
    if (pending == null) {
      close();
      throw new VideoSourceException(prefix() + shown() + " has no decodable video stream", null);
    }
    frameRate = SamplePixels.frameRate(pending);
  }

  @Override
  public Frame next() throws VideoSourceException, InterruptedIOException {
    if (pipeline == null) {
      throw new IllegalStateException(prefix() + "decoder is not open");
    }
    Sample s = pending != null ? pending : pull("decode failed at frame " + seq + " of " + shown(), false);
    pending = null;
    if (s == null) {
      return null;
    }
    try {
      SamplePixels px = SamplePixels.read(s);
      if (seq == 0) {
        firstPtsNs = px.ptsNs();
      }
      boolean key = keyFrames.watching() ? keyFrames.isKey(px.ptsNs()) : px.keyFrame();
      long ptsMs = ptsMs(px.ptsNs());
      return new Frame(cameraId, seq++, ptsMs, System.currentTimeMillis(), px.width(), px.height(),
          key, px.bgr());
    } catch (RuntimeException e) {
      throw new VideoSourceException(prefix() + "unreadable frame " + seq + " of " + shown() + ": "
          + StreamUrls.redactAll(String.valueOf(e.getMessage())), e);
    } finally {
      s.dispose(); // frees the buffer now: videoconvert's pool is small, GC would be too late
    }
  }

  /**
   * decodebin plugs the decoder once it knows the codec (streaming thread). One thread per
   * decoder, as with FFmpeg: cameras scale out over cores, and frame threading would add a
   * frame of latency per thread.
   */
  /**
   * Notes the first RTP buffer entering {@code decodebin}: the camera has answered and streams.
   * Until then {@link #pull} waits only the handshake limit; the probe then removes itself, as
   * RTP comes in dozens of packets a frame.
   */
  private void watchForMedia(Element decodebin) {
    mediaArrived = false;
    mediaProbe = (pad, info) -> {
      mediaArrived = true;
      return PadProbeReturn.REMOVE;
    };
    mediaPad = decodebin.getStaticPad("sink");
    mediaPad.addProbe(PadProbeType.BUFFER, mediaProbe);
    decodebin.dispose();
  }

  private static void onElementAdded(Element element, KeyFrames keys) {
    ElementFactory factory = element.getFactory();
    String klass = factory == null ? "" : factory.getKlass();
    if (klass.contains("Decoder") && (klass.contains("Video") || klass.contains("Image"))) {
      if (element.listPropertyNames().contains("max-threads")) {
        element.set("max-threads", 1); // avdec_*
      }
      keys.watch(element);
    }
  }

  /**
   * The next sample, or null at end of stream. Fails on a pipeline error and when nothing
   * arrives within the socket timeout (a frozen or silent source).
   */
  private Sample pull(String failing, boolean handshaking) throws VideoSourceException, InterruptedIOException {
    long start = System.nanoTime();
    long deadline = start + socketTimeout.toNanos();
    long handshakeDeadline = start + VideoDecoder.handshakeTimeout(socketTimeout).toNanos();
    while (true) {
      // try-pull-sample is appsink's timed pull; gst1-java-core 1.4 maps only the blocking one.
      Sample s = sink.emit(Sample.class, "try-pull-sample", POLL_NS);
      if (s != null) {
        return s;
      }
      // Error before EOS: a failing element often also sends EOS, which is no clean end.
      String error = errors.get();
      if (error != null) {
        throw new VideoSourceException(prefix() + failing + ": " + error, null);
      }
      if (sink.isEOS()) {
        return null;
      }
      if (Thread.currentThread().isInterrupted()) {
        // interrupt status stays set for the caller's own checks
        throw new InterruptedIOException(prefix() + "interrupted while reading " + shown());
      }
      if (handshaking && !mediaArrived && System.nanoTime() - handshakeDeadline > 0) {
        throw new HandshakeTimeoutException(prefix() + failing + ": no answer within "
            + VideoDecoder.handshakeTimeout(socketTimeout).toMillis() + " ms");
      }
      if (System.nanoTime() - deadline > 0) {
        throw new VideoSourceException(prefix() + failing + ": no video within "
            + socketTimeout.toMillis() + " ms", null);
      }
    }
  }

  /** Media time from the first frame, rounded to the millisecond. */
  private long ptsMs(long ptsNs) {
    if (ptsNs < 0 || firstPtsNs < 0) {
      // no timestamp (some live sources): space frames by the announced rate if there is one
      return frameRate > 0 ? Math.round(seq * 1000 / frameRate) : 0;
    }
    return Math.max(0, Math.round((ptsNs - firstPtsNs) / 1e6));
  }

  /**
   * From the decoded caps. RTSP carries no frame rate, so there it is 0 unless the H.264 stream
   * itself announces one (FFmpeg guesses it from timestamps instead).
   */
  @Override
  public double frameRate() {
    return frameRate;
  }

  @Override
  public void close() {
    if (pending != null) {
      pending.dispose();
      pending = null;
    }
    if (pipeline != null) {
      // NULL stops and joins the streaming threads; after that nothing posts on the bus.
      pipeline.setState(State.NULL);
      if (bus != null) {
        bus.clearSyncHandler(); // the bus itself belongs to the pipeline proxy, disposed with it
      }
      if (sink != null) {
        sink.dispose();
      }
      if (mediaPad != null) {
        mediaPad.dispose();
      }
      pipeline.dispose();
      pipeline = null;
      mediaPad = null;
      mediaProbe = null;
      sink = null;
      bus = null;
      keyFrames = null;
    }
  }

  private String prefix() {
    return "camera " + cameraId + ": ";
  }

  private String shown() {
    return StreamUrls.redact(source);
  }
}
