package io.gridwatch.cli.bench;

/** A frame size such as 1280x720; even sides, as H.264 with 4:2:0 chroma needs. */
public record FrameSize(int width, int height) {

  public FrameSize {
    if (width < 64 || height < 64 || width > 7680 || height > 4320 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("frame size " + width + "x" + height
          + " must have even sides between 64x64 and 7680x4320");
    }
  }

  /** Parses {@code WIDTHxHEIGHT}. */
  public static FrameSize parse(String text) {
    String[] p = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
    try {
      if (p.length == 2) {
        return new FrameSize(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException("frame size '" + text + "' is not WIDTHxHEIGHT, e.g. 1280x720");
  }

  @Override
  public String toString() {
    return width + "x" + height;
  }
}
