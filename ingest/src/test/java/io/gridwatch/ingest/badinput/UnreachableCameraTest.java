package io.gridwatch.ingest.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwatch.ingest.badinput.ScriptedRtspCamera.Behaviour;
import io.gridwatch.ingest.decode.HandshakeTimeoutException;
import io.gridwatch.ingest.decode.VideoDecoder;
import io.gridwatch.ingest.decode.VideoSourceException;
import io.gridwatch.ingest.testing.TestClips;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cameras that cannot be reached, beyond what DecoderContractTest already proves (a refused
 * port, a server that accepts and never says a word): a connection that is never accepted, a
 * camera that stops answering half way through the RTSP handshake or right after PLAY, one that
 * hangs up at once, and a server that is no RTSP server. Each must end in a VideoSourceException
 * naming the camera and its URL with the password hidden, bounded by the socket timeout: a
 * reader thread stuck for ever would be a camera that never reconnects. And a camera stuck in
 * its handshake must not keep any other camera from opening meanwhile.
 *
 * <p>(A blackholed remote address such as 192.0.2.1 or 10.255.255.1 is not used: what it does
 * depends on the machine's network, here one is the gateway and the other is answered by a
 * proxy. A full listen queue on loopback drops SYNs the same way everywhere on Linux.)
 */
class UnreachableCameraTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final String PASSWORD = "s3cret";

  @TempDir Path dir;

  static Stream<Arguments> silentStages() {
    List<Arguments> args = new ArrayList<>();
    for (Backend b : Backend.values()) {
      for (Behaviour s : List.of(Behaviour.SILENT_AT_DESCRIBE, Behaviour.SILENT_AT_SETUP, Behaviour.SILENT_AT_PLAY,
          Behaviour.SILENT_AFTER_PLAY)) {
        args.add(Arguments.of(b, s));
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0}: camera {1}")
  @MethodSource("silentStages")
  void aCameraThatGoesSilentDuringTheHandshakeFailsWithinTheSocketTimeout(Backend backend, Behaviour stage)
      throws Exception {
    try (ScriptedRtspCamera camera = new ScriptedRtspCamera(stage)) {
      String url = "rtsp://admin:" + PASSWORD + "@127.0.0.1:" + camera.port() + "/live";
      VideoDecoder decoder = backend.decoder("cam-x", url, TIMEOUT);
      long start = System.nanoTime();
      assertFailsNamingTheCameraNotItsPassword(decoder, camera.port());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(bound(backend));
      // The camera did get as far as the stage under test: the stall is where it is meant to be.
      assertThat(camera.requests()).contains(stage == Behaviour.SILENT_AFTER_PLAY ? "PLAY" : stage.silentAt());
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void aCameraThatDoesNotAnswerTheHandshakeIsGivenUpAfterTheHandshakeLimitNotTheSocketTimeout(Backend backend)
      throws Exception {
    // A camera still booting accepts the connection and does not answer yet: the next attempt,
    // seconds later, finds it ready, so waiting a long socket timeout here would only delay it.
    try (ScriptedRtspCamera camera = new ScriptedRtspCamera(Behaviour.SILENT_AT_SETUP)) {
      String url = "rtsp://admin:" + PASSWORD + "@127.0.0.1:" + camera.port() + "/live";
      VideoDecoder decoder = backend.decoder("cam-x", url, Duration.ofSeconds(30));
      long start = System.nanoTime();
      assertThatThrownBy(() -> openAndRead(decoder)).isInstanceOf(HandshakeTimeoutException.class)
          .hasMessageContaining("cam-x").hasMessageContaining("no answer within").hasMessageNotContaining(PASSWORD);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(VideoDecoder.HANDSHAKE_TIMEOUT.plusSeconds(4));
      assertThat(camera.requests()).contains("SETUP");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void aCameraThatKeepsTheConnectionBusyButSendsNoVideoFailsWithinTheWatchdogTime(Backend backend)
      throws Exception {
    // Socket timeouts cannot see this one: RTCP arrives five times a second, video never. Before
    // the decoder's own deadline, FFmpeg waited here until the camera closed the connection.
    try (ScriptedRtspCamera camera = new ScriptedRtspCamera(Behaviour.RTCP_WITHOUT_VIDEO)) {
      String url = "rtsp://admin:" + PASSWORD + "@127.0.0.1:" + camera.port() + "/live";
      VideoDecoder decoder = backend.decoder("cam-x", url, TIMEOUT);
      long start = System.nanoTime();
      assertFailsNamingTheCameraNotItsPassword(decoder, camera.port());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(bound(backend));
      assertThat(camera.requests()).contains("PLAY");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void aConnectionTheCameraNeverAcceptsFailsWithinTheSocketTimeout(Backend backend) throws Exception {
    // A listen queue of one, filled: the kernel then drops further SYNs, so the decoder's connect
    // hangs as it does towards a host that is switched off or behind a firewall that drops packets.
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Backlog backlog = Backlog.fill(full)) {
      String url = "rtsp://admin:" + PASSWORD + "@127.0.0.1:" + full.getLocalPort() + "/live";
      VideoDecoder decoder = backend.decoder("cam-x", url, TIMEOUT);
      long start = System.nanoTime();
      assertFailsNamingTheCameraNotItsPassword(decoder, full.getLocalPort());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(bound(backend));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void aCameraThatHangsUpAtOnceFailsWithoutWaitingForTheTimeout(Backend backend) throws Exception {
    try (ScriptedRtspCamera camera = new ScriptedRtspCamera(Behaviour.HANGS_UP)) {
      String url = "rtsp://admin:" + PASSWORD + "@127.0.0.1:" + camera.port() + "/live";
      VideoDecoder decoder = backend.decoder("cam-x", url, Duration.ofSeconds(20));
      long start = System.nanoTime();
      assertFailsNamingTheCameraNotItsPassword(decoder, camera.port());
      // well before the 20 s timeout: a closed connection is an answer (measured: 15-80 ms)
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void aServerThatIsNoRtspServerIsRefused(Backend backend) throws Exception {
    try (ScriptedRtspCamera camera = new ScriptedRtspCamera(Behaviour.SPEAKS_HTTP)) {
      String url = "rtsp://admin:" + PASSWORD + "@127.0.0.1:" + camera.port() + "/live";
      VideoDecoder decoder = backend.decoder("cam-x", url, Duration.ofSeconds(20));
      long start = System.nanoTime();
      assertFailsNamingTheCameraNotItsPassword(decoder, camera.port());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void aCameraStuckInItsHandshakeDoesNotHoldUpAnotherCameraOpening(Backend backend) throws Exception {
    // Cameras open on their own threads; a stuck one must cost only its own thread. (JavaCV's
    // FFmpegFrameGrabber.start() holds one JVM-wide lock for all of connect, handshake and
    // stream probing, so FfmpegDecoder uses startUnsafe(): without that, every other camera of
    // the task manager waited here for both of the stuck camera's timeouts.)
    Path clip = TestClips.movingSquare(dir, "good.mp4", 160, 120, 5);
    Duration stuckFor = Duration.ofMillis(2500);
    try (ScriptedRtspCamera stuck = new ScriptedRtspCamera(Behaviour.SILENT_AT_DESCRIBE)) {
      VideoDecoder hung = backend.decoder("cam-stuck", "rtsp://127.0.0.1:" + stuck.port() + "/live", stuckFor);
      CompletableFuture<Throwable> hungResult = CompletableFuture.supplyAsync(() -> {
        try {
          openAndRead(hung);
          return null;
        } catch (Throwable e) {
          return e;
        }
      });
      long waitUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (!stuck.requests().contains("DESCRIBE") && System.nanoTime() < waitUntil) {
        Thread.sleep(10);
      }
      assertThat(stuck.requests()).as("the stuck camera is inside open()").contains("DESCRIBE");

      long start = System.nanoTime();
      try (VideoDecoder good = backend.decoder("cam-good", clip.toString(), TIMEOUT)) {
        good.open();
        assertThat(good.next()).isNotNull();
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("opening a good camera meanwhile")
          .isLessThan(Duration.ofMillis(1500));
      assertThat(hungResult.isDone()).as("the stuck camera is still stuck").isFalse();
      assertThat(hungResult.get(20, TimeUnit.SECONDS)).isInstanceOf(VideoSourceException.class);
    }
  }

  /**
   * How long a stalled camera may hold a reader. GStreamer: one socket timeout (measured 1.02-1.06
   * s for 1 s). FFmpeg: two, because JavaCV's FFmpegFrameGrabber calls avformat_open_input a
   * second time when the first call fails (it retries without its pixel_format option), so a
   * handshake that times out is tried twice (measured 2.07-2.22 s, the scripted camera sees
   * OPTIONS and DESCRIBE twice); a stall after PLAY costs one (measured 1.13 s). Nothing in
   * FfmpegDecoder can switch that retry off. The 1.5 s on top is for a loaded machine.
   */
  private static Duration bound(Backend backend) {
    return TIMEOUT.multipliedBy(backend == Backend.FFMPEG ? 2 : 1).plusMillis(1500);
  }

  /** Opening and reading fail with an error that names camera cam-x and its URL, password hidden. */
  private static void assertFailsNamingTheCameraNotItsPassword(VideoDecoder decoder, int port) {
    assertThatThrownBy(() -> openAndRead(decoder))
        .isInstanceOf(VideoSourceException.class)
        .hasMessageStartingWith("camera cam-x: ")
        .hasMessageContaining("rtsp://admin:***@127.0.0.1:" + port + "/live")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
  }

  /** Opens and reads one frame; a camera that fails late fails on the first read. */
  private static void openAndRead(VideoDecoder decoder) throws IOException {
    try (decoder) {
      decoder.open();
      decoder.next();
    }
  }

  /** Connections that fill a listen queue nobody accepts from. */
  private static final class Backlog implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();

    static Backlog fill(ServerSocket server) throws IOException {
      Backlog b = new Backlog();
      for (int i = 0; i < 16; i++) {
        Socket s = new Socket();
        try {
          s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 300);
          b.sockets.add(s);
        } catch (SocketTimeoutException e) {
          s.close();
          return b; // full: this SYN was dropped, and so will the decoder's be
        }
      }
      b.close();
      throw new IllegalStateException("the listen queue never filled up; this kernel does not drop SYNs");
    }

    @Override
    public void close() throws IOException {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }
}
