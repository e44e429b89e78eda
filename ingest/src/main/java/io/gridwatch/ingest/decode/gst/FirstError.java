package io.gridwatch.ingest.decode.gst;

import static org.freedesktop.gstreamer.lowlevel.GlibAPI.GLIB_API;
import static org.freedesktop.gstreamer.lowlevel.GstMessageAPI.GSTMESSAGE_API;

import com.sun.jna.ptr.PointerByReference;
import io.gridwatch.ingest.decode.StreamUrls;
import java.util.concurrent.atomic.AtomicReference;
import org.freedesktop.gstreamer.BusSyncHandler;
import org.freedesktop.gstreamer.BusSyncReply;
import org.freedesktop.gstreamer.GstObject;
import org.freedesktop.gstreamer.lowlevel.GstAPI.GErrorStruct;
import org.freedesktop.gstreamer.message.Message;
import org.freedesktop.gstreamer.message.MessageType;

/**
 * Bus sync handler that keeps the first ERROR message of a pipeline as text.
 *
 * <p>It runs on GStreamer's streaming threads, right where the message is posted, and drops
 * every message: gst1-java-core would otherwise hand each one to its single JVM-wide dispatch
 * thread, which all cameras would share. The reading thread polls {@link #get()} between
 * short waits for samples, so an error is seen within one poll interval.
 */
public final class FirstError implements BusSyncHandler {

  private final AtomicReference<String> first = new AtomicReference<>();

  @Override
  public BusSyncReply syncMessage(Message msg) {
    try {
      if (msg.getType() == MessageType.ERROR && first.get() == null) {
        first.compareAndSet(null, describe(msg));
      }
    } catch (RuntimeException e) {
      // a message we cannot parse still means the pipeline failed; never throw into native code
      first.compareAndSet(null, "GStreamer error (" + e.getClass().getSimpleName() + ")");
    } finally {
      msg.dispose(); // release the message now rather than at garbage collection
    }
    return BusSyncReply.DROP;
  }

  /** The first error, redacted, or null while the pipeline is healthy. */
  public String get() {
    return first.get();
  }

  /**
   * "Resource not found. (src: No such file "/x/nope.mp4")": GStreamer's message is generic, the
   * last line of its debug text usually says what exactly failed.
   */
  private static String describe(Message msg) {
    // Parsed as gst1-java-core's own Bus.ERROR listener does. ErrorMessage.getMessage() is not
    // used: in 1.4.0 it passes a struct where GStreamer writes a GError pointer, so it returns
    // null and then hands JNA's memory to g_error_free; the JVM crashes soon after.
    PointerByReference err = new PointerByReference();
    PointerByReference dbg = new PointerByReference();
    GSTMESSAGE_API.gst_message_parse_error(msg, err, dbg);
    String text = null;
    String detail = null;
    if (err.getValue() != null) {
      text = new GErrorStruct(err.getValue()).getMessage();
      GLIB_API.g_error_free(err.getValue());
    }
    if (dbg.getValue() != null) {
      String debug = dbg.getValue().getString(0);
      GLIB_API.g_free(dbg.getValue());
      // "gstfilesrc.c(532): gst_file_src_start (): /GstPipeline:pipeline0/GstFileSrc:src\n
      // No such file ...": the first line only says where in GStreamer's code it failed.
      String[] lines = debug.strip().split("\n");
      String last = lines[lines.length - 1].strip();
      if (!last.isEmpty() && !last.matches(".*\\.c\\(\\d+\\): .*")) {
        detail = last;
      }
    }
    GstObject src = msg.getSource();
    String element = src == null ? null : src.getName();
    StringBuilder b = new StringBuilder(text == null ? "GStreamer error" : text.strip());
    if (detail != null || element != null) {
      b.append(" (").append(element == null ? "" : element);
      if (detail != null) {
        b.append(element == null ? "" : ": ").append(detail);
      }
      b.append(')');
    }
    // Element texts may quote the stream URL, password included.
    return StreamUrls.redactAll(b.toString().replaceAll("\\s+", " "));
  }
}
