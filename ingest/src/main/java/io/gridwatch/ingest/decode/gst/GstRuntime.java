package io.gridwatch.ingest.decode.gst;

import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Version;

/**
 * Initializes GStreamer once per JVM. {@code Gst.init} may run only once in a process and loads
 * the system's GStreamer through JNA, so every GStreamer user in GridWatch goes through here.
 */
public final class GstRuntime {

  /** Oldest GStreamer the decoder is written against (Debian 12 ships 1.22). */
  public static final Version REQUIRED = Version.of(1, 16);

  private static final Object LOCK = new Object();
  private static volatile boolean ready;

  private GstRuntime() {}

  /**
   * Makes sure GStreamer is initialized. Cheap after the first call.
   *
   * @throws IllegalStateException when the GStreamer libraries are missing or too old; the
   *     message says how to install them
   */
  public static void ensureInitialized() {
    if (ready) {
      return;
    }
    synchronized (LOCK) {
      if (ready) {
        return;
      }
      try {
        // Another library in the JVM may have initialized GStreamer already; a second init throws.
        if (!Gst.isInitialized()) {
          Gst.init(REQUIRED, "gridwatch");
        }
      } catch (RuntimeException | LinkageError e) {
        // LinkageError: JNA found no libgstreamer-1.0; GstException: too old or broken install.
        throw new IllegalStateException("GStreamer " + REQUIRED + " or newer is not available ("
            + e.getMessage() + "); install it with scripts/install-system-deps.sh"
            + " or use decoder: ffmpeg", e);
      }
      ready = true;
    }
  }
}
