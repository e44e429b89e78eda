package io.gridwatch.ingest.decode;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONKEY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import io.gridwatch.contracts.Frame;
import io.gridwatch.contracts.PixelFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes files and network streams with FFmpeg's own API (through the JavaCPP presets that
 * JavaCV ships), not through JavaCV's FFmpegFrameGrabber, for two reasons:
 *
 * <ul>
 *   <li><b>A stalled camera must end every call.</b> RTSP goes over TCP with a socket timeout,
 *       but FFmpeg's socket timeouts do not cover every wait: a camera that answers the whole
 *       handshake and then sends no media was seen keeping {@code avformat_find_stream_info}
 *       waiting until the server closed the connection, ten minutes later. Here an interrupt
 *       callback (which FFmpeg polls in every blocking I/O loop) ends any call that makes no
 *       progress before its deadline: the handshake within {@link VideoDecoder#HANDSHAKE_TIMEOUT},
 *       the stream's description within the socket timeout, and then a video packet at least
 *       every socket timeout. The grabber gives no way to install one before it
 *       opens the input.
 *   <li><b>Frames nobody wants are not copied.</b> {@link #next(FrameGate)} decodes every
 *       frame (the codec needs them as references) but copies into Java only the frames the
 *       sampler will keep, as the decoder's own I420 planes (BGR only for other pixel formats).
 * </ul>
 *
 * One codec thread per camera (cameras scale out, not up), frames packed without row padding,
 * times in ms from the stream's start. With {@code keyFramesOnly}, packets other than key frames
 * are not even handed to the codec.
 */
public final class FfmpegDecoder implements VideoDecoder {

  /** {@code AV_FRAME_FLAG_KEY}: the presets map the flags field but not this macro. */
  private static final int AV_FRAME_FLAG_KEY = 1 << 1;
  /** {@code AVERROR(EAGAIN)} on Linux. */
  private static final int AVERROR_EAGAIN = -11;
  /** {@code AVERROR(ETIMEDOUT)} on Linux: FFmpeg's socket timeout ran out. */
  private static final int AVERROR_ETIMEDOUT = -110;
  /** Consecutive packets the codec refuses before the stream counts as broken. */
  static final int MAX_CONSECUTIVE_DECODE_ERRORS = 250;
  private static final int SWS_SLACK = 4096;

  /**
   * One callback for all decoders: JavaCPP allows only a few live instances of a callback
   * class, so decoders are found by the address of their format context.
   */
  private static final Map<Long, FfmpegDecoder> BY_CONTEXT = new ConcurrentHashMap<>();
  private static final AVIOInterruptCB.Callback_Pointer INTERRUPT = new InterruptCallback();

  private final String cameraId;
  private final String source;
  private final String shown;
  private final Duration socketTimeout;
  private final boolean keyFramesOnly;
  private final boolean live;

  private AVFormatContext format;
  private AVCodecContext codec;
  private AVPacket packet;
  private AVFrame picture;
  private SwsContext converter;
  private BytePointer bgrBuffer;
  /** sws_scale's destination: four plane pointers and strides, of which BGR uses the first. */
  private final PointerPointer<BytePointer> bgrPlanes = new PointerPointer<>(4);
  private final IntPointer bgrStride = new IntPointer(4);
  private int videoStream = -1;
  private AVRational timeBase;
  private long startUs;
  private double frameRate;
  private boolean draining;
  private boolean ended;
  /** Frames decoded so far, converted or not: a frame's number, so gaps show what was skipped. */
  private long seq;
  private boolean sawTimedFrame;
  private long videoPackets;
  private long lastPtsMs;
  private int consecutiveErrors;
  private final AtomicLong decodeErrors = new AtomicLong();
  /** System.nanoTime() after which a blocking FFmpeg call is interrupted; 0 for none. */
  private volatile long deadlineNanos;

  public FfmpegDecoder(String cameraId, String source, Duration socketTimeout) {
    this(cameraId, source, socketTimeout, false);
  }

  /**
   * @param keyFramesOnly decode key frames only: other packets are read from the stream (they
   *                      must be) but never decoded, the bulk of the cost
   */
  public FfmpegDecoder(String cameraId, String source, Duration socketTimeout, boolean keyFramesOnly) {
    this.cameraId = cameraId;
    this.source = source;
    this.shown = StreamUrls.redact(source);
    this.socketTimeout = socketTimeout;
    this.keyFramesOnly = keyFramesOnly;
    this.live = StreamUrls.isLive(source);
  }

  @Override
  public void open() throws VideoSourceException {
    if (format != null) {
      throw new IllegalStateException("camera " + cameraId + ": decoder is already open");
    }
    FfmpegLogging.quiet();
    AVFormatContext fmt = avformat_alloc_context();
    if (fmt == null || fmt.isNull()) {
      throw new VideoSourceException("camera " + cameraId + ": out of memory opening " + shown, null);
    }
    fmt.interrupt_callback().callback(INTERRUPT).opaque(fmt);
    BY_CONTEXT.put(fmt.address(), this);
    AVDictionary options = new AVDictionary(null);
    if (live) {
      av_dict_set(options, "rtsp_transport", "tcp", 0);
      // FFmpeg's socket I/O timeout in microseconds ("timeout" for rtsp, tcp and http).
      av_dict_set(options, "timeout", Long.toString(socketTimeout.toNanos() / 1000), 0);
      av_dict_set(options, "rw_timeout", Long.toString(socketTimeout.toNanos() / 1000), 0);
    }
    format = fmt;
    long address = fmt.address();
    try {
      Duration handshake = VideoDecoder.handshakeTimeout(socketTimeout);
      armDeadline(handshake);
      int ret = avformat_open_input(fmt, source, null, options);
      if (ret < 0) {
        // avformat_open_input frees the context on failure.
        BY_CONTEXT.remove(address);
        format = null;
        String stalled = "no answer within " + handshake.toMillis() / 1000.0 + " s";
        // Interrupted mid-handshake, FFmpeg may report the broken exchange (e.g. invalid data)
        // rather than the interruption: the deadline says what happened.
        if (deadlinePassed() && !Thread.currentThread().isInterrupted()) {
          throw new HandshakeTimeoutException("camera " + cameraId + ": cannot open " + shown + ": " + stalled);
        }
        throw new VideoSourceException("camera " + cameraId + ": cannot open " + shown + ": "
            + failure(ret, stalled), null);
      }
      armDeadline(socketTimeout);
      ret = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
      if (ret < 0) {
        throw fail("cannot read stream information from " + shown + ": "
            + failure(ret, "no media within " + socketTimeout.toSeconds() + " s"));
      }
      openVideoCodec(fmt);
      disarmDeadline();
    } catch (VideoSourceException e) {
      close();
      throw e;
    } finally {
      av_dict_free(options);
    }
    seq = 0;
    skipped = 0;
    sawTimedFrame = false;
    videoPackets = 0;
    draining = false;
    ended = false;
  }

  private void openVideoCodec(AVFormatContext fmt) throws VideoSourceException {
    int index = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
    if (index < 0) {
      // A video stream whose codec nobody knows is a different fault from no video at all.
      for (int i = 0; i < fmt.nb_streams(); i++) {
        AVCodecParameters par = fmt.streams(i).codecpar();
        if (par.codec_type() == AVMEDIA_TYPE_VIDEO) {
          throw fail("Did not find a video decoder for " + shown + " (codec "
              + avcodec_get_name(par.codec_id()).getString() + ", tag " + fourcc(par.codec_tag()) + ")");
        }
      }
      throw fail(shown + " has no decodable video stream");
    }
    AVStream stream = fmt.streams(index);
    AVCodecParameters par = stream.codecpar();
    AVCodec decoder = avcodec_find_decoder(par.codec_id());
    if (decoder == null || decoder.isNull()) {
      throw fail("Did not find a video decoder for " + shown + " (codec "
          + avcodec_get_name(par.codec_id()).getString() + ")");
    }
    // A picture size of 0 is no reason to refuse: probing may end before the first parameter
    // sets of a live stream arrive, and the codec reads the size from them. A camera that never
    // sends video is caught by the deadline on reading.
    AVCodecContext c = avcodec_alloc_context3(decoder);
    codec = c;
    check(avcodec_parameters_to_context(c, par), "cannot set up the decoder for " + shown);
    c.thread_count(1); // one camera, one core at most: cameras scale out, not up
    c.pkt_timebase(stream.time_base());
    if (keyFramesOnly) {
      c.skip_frame(AVDISCARD_NONKEY);
    }
    check(avcodec_open2(c, decoder, (AVDictionary) null), "cannot open the "
        + avcodec_get_name(par.codec_id()).getString() + " decoder for " + shown);
    videoStream = index;
    timeBase = stream.time_base();
    // The stream's first time, in µs; lowered to the first frame's time if that comes earlier
    // (RTSP's start time is the first packet's of any stream, or from RTCP).
    startUs = stream.start_time() == AV_NOPTS_VALUE ? Long.MIN_VALUE
        : stream.start_time() * 1_000_000L * timeBase.num() / timeBase.den();
    AVRational rate = stream.avg_frame_rate().num() > 0 ? stream.avg_frame_rate() : stream.r_frame_rate();
    frameRate = rate.den() > 0 ? (double) rate.num() / rate.den() : 0;
    packet = av_packet_alloc();
    picture = av_frame_alloc();
  }

  @Override
  public Frame next() throws VideoSourceException {
    return next(FrameGate.ALL);
  }

  @Override
  public Frame next(FrameGate wanted) throws VideoSourceException {
    if (format == null) {
      throw new IllegalStateException("camera " + cameraId + ": decoder is not open");
    }
    try {
      while (!ended) {
        int got = avcodec_receive_frame(codec, picture);
        if (got == 0) {
          consecutiveErrors = 0;
          armDeadline(socketTimeout);
          long ptsMs = ptsMs(picture);
          boolean key = (picture.flags() & AV_FRAME_FLAG_KEY) != 0;
          seq++;
          if (!wanted.wants(ptsMs, key)) {
            skipped++;
            av_frame_unref(picture);
            continue;
          }
          Frame f = toFrame(picture, ptsMs, key);
          av_frame_unref(picture);
          return f;
        }
        if (got == AVERROR_EOF) {
          ended = true;
          break;
        }
        if (got != AVERROR_EAGAIN) {
          countDecodeError(got);
        }
        if (draining) {
          ended = true;
          break;
        }
        feedOnePacket(wanted);
      }
      return null;
    } finally {
      disarmDeadline();
    }
  }

  private long skipped;

  /** Frames decoded but not converted because the gate did not want them. */
  @Override
  public long framesSkipped() {
    return skipped;
  }

  /** Reads the next video packet and hands it to the codec; at the end, starts draining. */
  private void feedOnePacket(FrameGate wanted) throws VideoSourceException {
    if (deadlineNanos == 0) {
      armDeadline(socketTimeout);
    }
    while (true) {
      int ret = av_read_frame(format, packet);
      if (ret == AVERROR_EAGAIN) {
        continue;
      }
      if (ret < 0) {
        // FFmpeg's own socket timeout and our deadline have the same length, so a stalled camera
        // may be ended by either; both are a stall, not an end of stream, and say so.
        if (ret == AVERROR_EXIT || (live && (ret == AVERROR_ETIMEDOUT || deadlinePassed()))) {
          throw new VideoSourceException("camera " + cameraId + ": " + stallReason(), null);
        }
        // End of file, a cut-off recording, or a dead connection: drain what the codec holds
        // and let the caller see the end (a live camera's end means it went away).
        avcodec_send_packet(codec, null);
        draining = true;
        return;
      }
      try {
        if (packet.stream_index() != videoStream) {
          continue;
        }
        armDeadline(socketTimeout); // progress: the camera is sending video
        videoPackets++;
        if (keyFramesOnly && ((packet.flags() & AV_PKT_FLAG_KEY) == 0 || !wantedKeyPacket(wanted))) {
          continue;
        }
        int sent = avcodec_send_packet(codec, packet);
        if (sent < 0 && sent != AVERROR_EAGAIN) {
          countDecodeError(sent);
          continue;
        }
        return;
      } finally {
        av_packet_unref(packet);
      }
    }
  }

  /**
   * With key frames only, each key frame decodes on its own, so one the gate will refuse (at most
   * one key frame per `everySeconds`) need not be decoded at all. Its time is known once the
   * stream's origin is (after the first decoded frame); until then every key frame is decoded.
   */
  private boolean wantedKeyPacket(FrameGate wanted) {
    long pts = packet.pts();
    if (!sawTimedFrame || pts == AV_NOPTS_VALUE) {
      return true;
    }
    long ms = Math.max(0, (pts * 1_000_000L * timeBase.num() / timeBase.den() - startUs) / 1000);
    return wanted.wants(ms, true);
  }

  private String stallReason() {
    if (Thread.currentThread().isInterrupted()) {
      return "reading " + shown + " was interrupted";
    }
    return "no video from " + shown + " for " + socketTimeout.toSeconds() + " s";
  }

  private void countDecodeError(int code) throws VideoSourceException {
    decodeErrors.incrementAndGet();
    if (++consecutiveErrors >= MAX_CONSECUTIVE_DECODE_ERRORS) {
      throw new VideoSourceException("camera " + cameraId + ": " + consecutiveErrors
          + " packets in a row could not be decoded at frame " + seq + " of " + shown + ": " + avError(code), null);
    }
  }

  /** Packets the codec refused so far (corrupt data); the stream goes on after each. */
  @Override
  public long decodeErrors() {
    return decodeErrors.get();
  }

  /**
   * The frame's time in ms from the stream's start. Frames without a time (over RTSP the first
   * frames come before the stream's clock is known) get the previous frame's time plus one frame
   * duration; the origin is set when the first timed frame arrives, counting back over the frames
   * before it, so that the first frame is at 0 and steps stay even.
   */
  private long ptsMs(AVFrame f) {
    // The frame's place in the stream: video packets read so far, less this frame's own (no
    // B-frames in camera streams, so one packet in, one frame out). Counts packets, not frames,
    // so that it also holds when only key frames are decoded.
    long decodedBefore = Math.max(0, videoPackets - 1);
    long frameUs = frameRate > 0 ? Math.round(1_000_000 / frameRate) : 40_000;
    long pts = f.best_effort_timestamp();
    if (pts == AV_NOPTS_VALUE) {
      pts = f.pts();
    }
    if (pts == AV_NOPTS_VALUE) {
      lastPtsMs = !sawTimedFrame ? decodedBefore * frameUs / 1000 : lastPtsMs + frameUs / 1000;
      return lastPtsMs;
    }
    long us = pts * 1_000_000L * timeBase.num() / timeBase.den();
    if (!sawTimedFrame) {
      sawTimedFrame = true;
      long origin = us - decodedBefore * frameUs;
      startUs = startUs == Long.MIN_VALUE ? origin : Math.min(startUs, origin);
    }
    lastPtsMs = Math.max(0, (us - startUs) / 1000);
    return lastPtsMs;
  }

  private Frame toFrame(AVFrame f, long ptsMs, boolean key) throws VideoSourceException {
    int w = f.width();
    int h = f.height();
    if (f.format() == AV_PIX_FMT_YUV420P && w % 2 == 0 && h % 2 == 0) {
      return new Frame(cameraId, seq - 1, ptsMs, System.currentTimeMillis(), w, h, key, PixelFormat.I420,
          planes(f, w, h));
    }
    converter = sws_getCachedContext(converter, w, h, f.format(), w, h, AV_PIX_FMT_BGR24, SWS_BILINEAR,
        null, null, (double[]) null);
    if (converter == null || converter.isNull()) {
      throw new VideoSourceException("camera " + cameraId + ": cannot convert pixel format " + f.format()
          + " of " + shown, null);
    }
    // swscale's vector code converts whole groups of 8 pixels and leaves the last pixels of a row
    // black when the row is not wide enough for a whole group: rows of whole groups, then copied
    // packed (one block when the width is a multiple of 8, as camera sizes are).
    int stride = ((w + 7) & ~7) * 3;
    long size = (long) stride * h;
    if (bgrBuffer == null || bgrBuffer.capacity() != size) {
      if (bgrBuffer != null) {
        bgrBuffer.close();
      }
      bgrBuffer = new BytePointer(size + SWS_SLACK);
      bgrBuffer.capacity(size);
      // (new PointerPointer(p) would be a cast of p, not an array holding p)
      bgrPlanes.put(0, bgrBuffer);
    }
    bgrStride.put(0, stride);
    sws_scale(converter, f.data(), f.linesize(), 0, h, bgrPlanes, bgrStride);
    byte[] bgr = new byte[w * h * 3];
    if (stride == w * 3) {
      bgrBuffer.position(0).get(bgr);
    } else {
      for (int y = 0; y < h; y++) {
        bgrBuffer.position((long) y * stride).get(bgr, y * w * 3, w * 3);
      }
      bgrBuffer.position(0);
    }
    return new Frame(cameraId, seq - 1, ptsMs, System.currentTimeMillis(), w, h, key, bgr);
  }

  /**
   * The decoder's Y, U and V planes copied out as packed I420: what H.264 decodes to, so no
   * colour conversion is paid for frames a detector may only read the brightness of.
   */
  private static byte[] planes(AVFrame f, int w, int h) {
    byte[] out = new byte[w * h * 3 / 2];
    int offset = copyPlane(f.data(0), f.linesize(0), w, h, out, 0);
    offset = copyPlane(f.data(1), f.linesize(1), w / 2, h / 2, out, offset);
    copyPlane(f.data(2), f.linesize(2), w / 2, h / 2, out, offset);
    return out;
  }

  private static int copyPlane(BytePointer plane, int lineSize, int w, int h, byte[] out, int offset) {
    if (lineSize == w) {
      plane.position(0).get(out, offset, w * h);
    } else {
      for (int y = 0; y < h; y++) {
        plane.position((long) y * lineSize).get(out, offset + y * w, w);
      }
    }
    plane.position(0);
    return offset + w * h;
  }

  @Override
  public double frameRate() {
    return frameRate;
  }

  @Override
  public void close() {
    if (picture != null) {
      av_frame_free(picture);
      picture = null;
    }
    if (packet != null) {
      av_packet_free(packet);
      packet = null;
    }
    if (codec != null) {
      avcodec_free_context(codec);
      codec = null;
    }
    if (format != null) {
      BY_CONTEXT.remove(format.address());
      avformat_close_input(format);
      format = null;
    }
    if (converter != null) {
      sws_freeContext(converter);
      converter = null;
    }
    if (bgrBuffer != null) {
      bgrBuffer.close();
      bgrBuffer = null;
    }
    videoStream = -1;
  }

  private void armDeadline(Duration d) {
    deadlineNanos = live ? System.nanoTime() + Math.max(1, d.toNanos()) : 0;
  }

  private void disarmDeadline() {
    deadlineNanos = 0;
  }

  /** Whether FFmpeg should give up the blocking call it is in. */
  private boolean shouldInterrupt() {
    return deadlinePassed() || Thread.currentThread().isInterrupted();
  }

  private boolean deadlinePassed() {
    long deadline = deadlineNanos;
    return deadline != 0 && System.nanoTime() - deadline > 0;
  }

  private VideoSourceException fail(String what) {
    return new VideoSourceException("camera " + cameraId + ": " + what, null);
  }

  private void check(int ret, String what) throws VideoSourceException {
    if (ret < 0) {
      throw fail(what + ": " + avError(ret));
    }
  }

  private String failure(int ret, String whenStalled) {
    if (ret == AVERROR_EXIT) {
      return Thread.currentThread().isInterrupted() ? "interrupted" : whenStalled;
    }
    return avError(ret);
  }

  /** "error -111 (Connection refused)", with any password FFmpeg echoed hidden. */
  static String avError(int code) {
    byte[] buf = new byte[256];
    String text = "";
    if (org.bytedeco.ffmpeg.global.avutil.av_strerror(code, buf, buf.length) == 0) {
      int end = 0;
      while (end < buf.length && buf[end] != 0) {
        end++;
      }
      text = " (" + new String(buf, 0, end, StandardCharsets.UTF_8) + ")";
    }
    return StreamUrls.redactAll("error " + code + text);
  }

  private static String fourcc(int tag) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      int c = (tag >> (8 * i)) & 0xff;
      s.append(c >= 32 && c < 127 ? (char) c : '?');
    }
    return s.toString();
  }

  private static final class InterruptCallback extends AVIOInterruptCB.Callback_Pointer {
    @Override
    public int call(Pointer opaque) {
      FfmpegDecoder d = opaque == null ? null : BY_CONTEXT.get(opaque.address());
      return d != null && d.shouldInterrupt() ? 1 : 0;
    }
  }
}
