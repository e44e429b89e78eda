package io.gridwatch.ingest.sim.scenes;

/** Receives rendering progress, about once per second of footage and once at the end. */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = p -> { };

  void progress(Progress progress);

  /**
   * Where rendering stands.
   *
   * @param clip         name of the clip being rendered
   * @param frames       frames rendered so far
   * @param totalFrames  frames to render in all
   * @param elapsedNanos time spent so far
   */
  record Progress(String clip, long frames, long totalFrames, long elapsedNanos) {

    /** Share done, 0..1. */
    public double fraction() {
      return totalFrames == 0 ? 1 : frames / (double) totalFrames;
    }

    /** Rendering speed in frames per second of wall time. */
    public double framesPerSecond() {
      return elapsedNanos <= 0 ? 0 : frames / (elapsedNanos / 1e9);
    }

    /** Seconds still to go at the speed so far, or NaN before the first frame. */
    public double etaSeconds() {
      double fps = framesPerSecond();
      return fps <= 0 ? Double.NaN : (totalFrames - frames) / fps;
    }
  }
}
