package io.gridwatch.ingest.encode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Writes BGR frames as an H.264 MP4 clip. The FFmpeg bundled with JavaCV has no libx264, so
 * this encodes with OpenH264, which makes no B-frames: every clip decodes in order, which RTSP
 * re-streaming and frame-accurate replay both need.
 */
public final class ClipWriter implements AutoCloseable {

  private final Path out;
  private final int width;
  private final int height;
  private final FFmpegFrameRecorder recorder;
  private final Frame frame;

  /**
   * @param out      the .mp4 file to write (parent folders are created)
   * @param width    frame width, even
   * @param height   frame height, even
   * @param fps      frames per second
   * @param gopSize  frames between key frames
   * @param bitrate  target bits per second
   */
  public ClipWriter(Path out, int width, int height, double fps, int gopSize, int bitrate) throws IOException {
    if (width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("H.264 needs even frame sizes, got " + width + "x" + height);
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    io.gridwatch.ingest.decode.FfmpegLogging.quiet();
    this.out = out;
    this.width = width;
    this.height = height;
    this.recorder = new FFmpegFrameRecorder(out.toFile(), width, height, 0);
    recorder.setFormat("mp4");
    recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
    recorder.setVideoCodecName("libopenh264");
    recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(fps);
    recorder.setGopSize(gopSize);
    recorder.setVideoBitrate(bitrate);
    try {
      recorder.start();
    } catch (FrameRecorder.Exception e) {
      throw new IOException("cannot start H.264 encoder for " + out + ": " + e.getMessage(), e);
    }
    this.frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
  }

  /** Appends one frame of packed BGR pixels ({@code width * height * 3} bytes). */
  public void write(byte[] bgr) throws IOException {
    if (bgr.length != width * height * 3) {
      throw new IllegalArgumentException("expected " + (width * height * 3) + " BGR bytes, got " + bgr.length);
    }
    ByteBuffer buf = (ByteBuffer) frame.image[0];
    int stride = frame.imageStride;
    for (int y = 0; y < height; y++) {
      buf.position(y * stride);
      buf.put(bgr, y * width * 3, width * 3);
    }
    buf.rewind();
    try {
      recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
    } catch (FrameRecorder.Exception e) {
      throw new IOException("cannot encode a frame into " + out + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      recorder.stop();
      recorder.release();
    } catch (FrameRecorder.Exception e) {
      throw new IOException("cannot finish " + out + ": " + e.getMessage(), e);
    }
  }
}
