package io.gridwatch.ingest.decode;

/**
 * Decides from a decoded frame's time and type, before its pixels are converted, whether anyone
 * will look at it. A decoder must decode every frame (later frames refer to earlier ones), but it
 * can skip converting and copying the ones a sampler would throw away.
 */
@FunctionalInterface
public interface FrameGate {

  /** Every frame. */
  FrameGate ALL = (ptsMs, keyFrame) -> true;

  /**
   * @param ptsMs the frame's time in ms from the stream's start
   * @param keyFrame whether the frame is a key frame
   * @return whether the frame's pixels are wanted
   */
  boolean wants(long ptsMs, boolean keyFrame);
}
