package io.gridwatch.ingest.testing;

import io.gridwatch.ingest.encode.ClipWriter;
import java.io.IOException;
import java.nio.file.Path;

/** Small generated clips for decoder and source tests. */
public final class TestClips {

  private TestClips() {}

  /**
   * A clip whose frame {@code i} has a mid-grey background and a white 16-pixel square at x = 8 *
   * i, so that decoded content can be checked.
   */
  public static Path movingSquare(Path dir, String name, int width, int height, int frames) throws IOException {
    Path out = dir.resolve(name);
    try (ClipWriter w = new ClipWriter(out, width, height, 25, 25, 800_000)) {
      for (int i = 0; i < frames; i++) {
        w.write(movingSquareFrame(width, height, i));
      }
    }
    return out;
  }

  public static byte[] movingSquareFrame(int width, int height, int i) {
    byte[] bgr = new byte[width * height * 3];
    java.util.Arrays.fill(bgr, (byte) 100);
    int x0 = (8 * i) % Math.max(1, width - 16);
    for (int y = height / 2 - 8; y < height / 2 + 8; y++) {
      for (int x = x0; x < x0 + 16; x++) {
        int o = (y * width + x) * 3;
        bgr[o] = bgr[o + 1] = bgr[o + 2] = (byte) 255;
      }
    }
    return bgr;
  }
}
