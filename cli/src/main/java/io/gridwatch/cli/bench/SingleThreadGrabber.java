package io.gridwatch.cli.bench;

import io.gridwatch.contracts.Frame;
import io.gridwatch.ingest.decode.VideoDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * JavaCV decoding with the H.264 decoder really held to one thread, for comparison with
 * FfmpegDecoder. JavaCV opens the codec with {@code thread_count = 0} (one frame thread per
 * core); only a codec option ({@code setVideoOption("threads", "1")}) overrides that, while a
 * format option ({@code setOption}) is rejected by avformat_open_input and ignored. BGR
 * conversion and the copy into a Java array are done as FfmpegDecoder does them, so the two
 * rows differ in threading alone. With {@code convert} false it decodes only (FFmpeg's own
 * YUV frames, see {@link #decodeOnly()}), which shows how much of the cost is the conversion
 * and copy. Files only; not a camera decoder.
 */
final class SingleThreadGrabber implements VideoDecoder {

  private final String file;
  private final boolean convert;
  private FFmpegFrameGrabber grabber;
  private long seq;

  SingleThreadGrabber(String file, boolean convert) {
    this.file = file;
    this.convert = convert;
  }

  @Override
  public void open() throws IOException {
    FFmpegFrameGrabber g = new FFmpegFrameGrabber(file);
    if (convert) {
      g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
    } else {
      g.setImageMode(FrameGrabber.ImageMode.RAW); // the decoder's own frame, no sws_scale
    }
    g.setVideoOption("threads", "1");
    g.start();
    grabber = g;
  }

  @Override
  public Frame next() throws IOException {
    org.bytedeco.javacv.Frame f = grabber.grabImage();
    if (f == null) {
      return null;
    }
    int w = f.imageWidth;
    int h = f.imageHeight;
    ByteBuffer buf = ((ByteBuffer) f.image[0]).duplicate();
    byte[] bgr = new byte[w * h * 3];
    for (int y = 0; y < h; y++) { // rows may be padded: copy each without its padding
      buf.position(y * f.imageStride);
      buf.get(bgr, y * w * 3, w * 3);
    }
    return new Frame("bench", seq++, f.timestamp / 1000, System.currentTimeMillis(), w, h, f.keyFrame, bgr);
  }

  /** Decodes the next frame and leaves it in FFmpeg's memory; false at the end. */
  boolean decodeOnly() throws IOException {
    return grabber.grabImage() != null;
  }

  @Override
  public double frameRate() {
    return grabber == null ? 0 : grabber.getVideoFrameRate();
  }

  @Override
  public void close() {
    if (grabber != null) {
      try {
        grabber.stop();
        grabber.release();
      } catch (Exception ignored) {
        // a benchmark clip that fails to close has nothing left to measure
      }
      grabber = null;
    }
  }
}
