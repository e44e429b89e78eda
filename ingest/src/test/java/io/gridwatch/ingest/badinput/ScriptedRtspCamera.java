package io.gridwatch.ingest.badinput;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake RTSP camera on loopback that answers the handshake correctly up to one request and then
 * goes silent, keeping the connection open: the camera that hangs half way through, which only
 * a socket timeout can end. Also plays a camera that hangs up at once and a server that speaks
 * something else than RTSP.
 */
final class ScriptedRtspCamera implements AutoCloseable {

  /** Where the camera stops talking. */
  enum Behaviour {
    /** Answers OPTIONS, never DESCRIBE. */
    SILENT_AT_DESCRIBE("DESCRIBE"),
    /** Answers OPTIONS and DESCRIBE (an H.264 SDP), never SETUP. */
    SILENT_AT_SETUP("SETUP"),
    /** Answers up to SETUP, never PLAY. */
    SILENT_AT_PLAY("PLAY"),
    /** Answers the whole handshake, PLAY included, then sends no packet at all. */
    SILENT_AFTER_PLAY(null),
    /**
     * Answers the whole handshake, then sends RTCP sender reports every 200 ms and never a video
     * packet: a camera whose encoder died while its network stack lives on. The connection is
     * never idle, so socket timeouts never fire.
     */
    RTCP_WITHOUT_VIDEO(null),
    /** Accepts the connection and closes it at once. */
    HANGS_UP(null),
    /** Answers every request with an HTTP error page: not an RTSP server. */
    SPEAKS_HTTP(null);

    private final String silentAt;

    Behaviour(String silentAt) {
      this.silentAt = silentAt;
    }

    /** The request left unanswered, or null. */
    String silentAt() {
      return silentAt;
    }
  }

  private final ServerSocket server;
  private final Behaviour behaviour;
  private final List<Socket> clients = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  ScriptedRtspCamera(Behaviour behaviour) throws IOException {
    this.behaviour = behaviour;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "scripted-rtsp-camera");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Request methods received so far, in order (to show how far a client got). */
  List<String> requests() {
    return List.copyOf(requests);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        clients.add(s);
        Thread t = new Thread(() -> serve(s), "scripted-rtsp-client");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try {
      if (behaviour == Behaviour.HANGS_UP) {
        s.close();
        return;
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = s.getOutputStream();
      while (true) {
        String requestLine = in.readLine();
        if (requestLine == null) {
          return;
        }
        if (requestLine.isEmpty()) {
          continue;
        }
        String[] parts = requestLine.split(" ");
        String method = parts[0];
        String url = parts.length > 1 ? parts[1] : "";
        String cseq = "0";
        int contentLength = 0;
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
          int colon = line.indexOf(':');
          if (colon > 0) {
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("cseq")) {
              cseq = value;
            } else if (name.equals("content-length")) {
              contentLength = Integer.parseInt(value);
            }
          }
        }
        in.skip(contentLength);
        requests.add(method);
        if (behaviour == Behaviour.SPEAKS_HTTP) {
          String body = "<html><body>400 Bad Request</body></html>";
          out.write(("HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: " + body.length()
              + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          s.close();
          return;
        }
        if (method.equals(behaviour.silentAt)) {
          continue; // read on, answer nothing: the connection stays open and silent
        }
        synchronized (out) {
          out.write(answer(method, url, cseq).getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        }
        if (method.equals("PLAY") && behaviour == Behaviour.RTCP_WITHOUT_VIDEO) {
          Thread reports = new Thread(() -> sendSenderReports(out), "scripted-rtsp-rtcp");
          reports.setDaemon(true);
          reports.start();
        }
      }
    } catch (IOException e) {
      // the client gave up: that is the point
    }
  }

  /** RTCP sender reports, interleaved on channel 1 (RTP's channel 0 stays silent). */
  private static void sendSenderReports(OutputStream out) {
    byte[] report = new byte[4 + 28];
    report[0] = '$';
    report[1] = 1;
    report[3] = 28;
    report[4] = (byte) 0x80; // version 2, no padding, no report blocks
    report[5] = (byte) 200; // sender report
    report[7] = 6; // length in 32-bit words, minus one
    report[11] = 0x11; // SSRC
    try {
      for (int n = 0; ; n++) {
        report[27] = (byte) n; // RTP timestamp moves on
        synchronized (out) {
          out.write(report);
          out.flush();
        }
        Thread.sleep(200);
      }
    } catch (IOException | InterruptedException e) {
      // the client hung up, or the camera closed
    }
  }

  private static String answer(String method, String url, String cseq) {
    String head = "RTSP/1.0 200 OK\r\nCSeq: " + cseq + "\r\n";
    return switch (method) {
      case "OPTIONS" -> head + "Public: OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER\r\n\r\n";
      case "DESCRIBE" -> {
        // A 320x240 H.264 stream with its SPS/PPS, as cameras announce it.
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=scripted\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
            + "a=range:npt=0-\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
            + "a=fmtp:96 packetization-mode=1;profile-level-id=42c00d;"
            + "sprop-parameter-sets=Z0LADdoFB+wEQAAAAwBAAAAMg8UKqA==,aM4PyA==\r\n"
            + "a=control:track1\r\n";
        String base = url.endsWith("/") ? url : url + "/";
        yield head + "Content-Base: " + base + "\r\nContent-Type: application/sdp\r\nContent-Length: "
            + sdp.length() + "\r\n\r\n" + sdp;
      }
      case "SETUP" -> head + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\nSession: 4711;timeout=60\r\n\r\n";
      case "PLAY" -> head + "Session: 4711\r\nRange: npt=0.000-\r\n\r\n";
      default -> head + "Session: 4711\r\n\r\n";
    };
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : clients) {
      s.close();
    }
  }
}
