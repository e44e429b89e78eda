package io.gridwatch.ingest.decode.gst;

import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.BufferFlags;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;

/**
 * Tells which decoded frames were key frames in the stream.
 *
 * <p>GStreamer's video decoders (avdec_h264 at least) do not carry the compressed buffer's
 * DELTA_UNIT flag over to the decoded one, so every decoded frame would look like a key frame.
 * {@link #watch(Element)} notes the presentation time of every compressed key frame entering
 * a decoder; decoders keep that time on the decoded frame, so the two meet again in
 * {@link #isKey(long)}.
 *
 * <p>With {@code keyFramesOnly} it also drops every other compressed frame before the decoder,
 * which then decodes key frames only: GStreamer's avdec has no "skip non-key frames" setting
 * like FFmpeg's skip_frame=nokey, and decoding is the bulk of the cost.
 */
public final class KeyFrames {

  private final ConcurrentSkipListSet<Long> keyPts = new ConcurrentSkipListSet<>();
  /** Holds the pads' Java proxies, which hold the probe callbacks, until the pipeline goes. */
  private final List<Pad> probed = new CopyOnWriteArrayList<>();
  private final Pad.PROBE probe;

  public KeyFrames(boolean keyFramesOnly) {
    // Runs on the streaming thread for every compressed frame.
    this.probe = (pad, info) -> {
      Buffer b = info.getBuffer();
      if (b == null) {
        return PadProbeReturn.OK;
      }
      try {
        if (b.getFlags().contains(BufferFlags.DELTA_UNIT)) {
          return keyFramesOnly ? PadProbeReturn.DROP : PadProbeReturn.OK;
        }
        long pts = b.getPresentationTimestamp();
        if (pts >= 0) {
          keyPts.add(pts);
        }
        return PadProbeReturn.OK;
      } finally {
        b.dispose(); // borrowed: only drops gst1-java-core's cached proxy
      }
    };
  }

  /** Watches the compressed input of this video decoder; any thread. */
  public void watch(Element decoder) {
    Pad sink = decoder.getStaticPad("sink");
    if (sink != null) {
      sink.addProbe(PadProbeType.BUFFER, probe);
      probed.add(sink);
    }
  }

  /** Whether a decoder was found; when not, the decoded buffer's own flag is all there is. */
  public boolean watching() {
    return !probed.isEmpty();
  }

  /**
   * Whether the decoded frame with this presentation time was a key frame. Frames come out in
   * presentation order, so older entries (frames the decoder dropped) are forgotten.
   */
  public boolean isKey(long ptsNs) {
    if (ptsNs < 0) {
      return false;
    }
    keyPts.headSet(ptsNs).clear();
    return keyPts.remove(ptsNs);
  }
}
