package io.gridwatch.contracts;

/**
 * How a {@link Frame}'s pixel bytes are laid out. Rows are packed without padding in both.
 */
public enum PixelFormat {

  /** 8-bit B, G, R per pixel (OpenCV's native order): {@code width * height * 3} bytes. */
  BGR,

  /**
   * Planar YUV 4:2:0 as H.264 decoders produce it (limited range, BT.601): the full-size Y plane,
   * then U and V at half width and half height; {@code width * height * 3 / 2} bytes. Width and
   * height are even. Handing this on unconverted saves the decoder a colour conversion per frame;
   * a detector that looks at brightness only reads the Y plane.
   */
  I420;

  /** Bytes of one {@code width x height} frame in this format. */
  public int bytes(int width, int height) {
    return switch (this) {
      case BGR -> width * height * 3;
      case I420 -> width * height * 3 / 2;
    };
  }
}
