package io.gridwatch.ingest.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwatch.contracts.Frame;
import io.gridwatch.ingest.decode.Credentials;
import io.gridwatch.ingest.decode.VideoDecoder;
import io.gridwatch.ingest.decode.VideoSourceException;
import io.gridwatch.ingest.sim.rtsp.RtspCameraSimulator;
import io.gridwatch.ingest.testing.TestClips;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real RTSP camera (the simulator, GStreamer's RTSP server) refusing a client: wrong path
 * (404) and wrong password (401), against both back-ends. The error names the URL, so that an
 * operator sees which camera entry to fix, and never the password, neither as typed nor in the
 * URL-encoded form that goes on the wire.
 *
 * <p>What each back-end reports (measured with GStreamer 1.22, FFmpeg 8.0 in JavaCV 1.5.13):
 * <ul>
 *   <li>404, FFmpeg: {@code avformat_open_input() error -875574520: Could not open input "URL".
 *       (Server returned 404 Not Found)}; GStreamer: {@code Not found (src: Not Found (404))}.
 *   <li>401, FFmpeg: {@code ... (Server returned 401 Unauthorized (authorization failed))};
 *       GStreamer: {@code Unauthorized (src: Unauthorized (401))}.
 * </ul>
 * Both fail at once (a few ms with FFmpeg, about 60 ms with GStreamer): a refusal is an answer,
 * no timeout is involved.
 */
class RtspRefusedITCase {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String USER = "viewer";
  /** Characters that URL encoding changes: the redaction must catch the encoded form too. */
  private static final String PASSWORD = "p@ss w:rd/9";

  @TempDir static Path dir;
  static RtspCameraSimulator camera;

  @BeforeAll
  static void startASecuredCamera() throws IOException {
    Path clip = TestClips.movingSquare(dir, "gate.mp4", 160, 120, 25);
    camera = RtspCameraSimulator.builder().path("gate", clip).credentials(USER, PASSWORD).build().start();
  }

  @AfterAll
  static void stopCamera() {
    if (camera != null) {
      camera.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void aWrongPathIsNotFoundAndTheErrorNamesTheUrlButNotThePassword(Backend backend) throws Exception {
    String url = withPassword("nowhere", PASSWORD);
    long start = System.nanoTime();
    assertThatThrownBy(() -> openAndRead(backend.decoder("cam-g", url, TIMEOUT)))
        .isInstanceOf(VideoSourceException.class)
        .hasMessageStartingWith("camera cam-g: ")
        .hasMessageContaining(shown("nowhere"))
        .satisfies(e -> assertThat(e.getMessage()).contains("404").containsIgnoringCase("not found"))
        .satisfies(RtspRefusedITCase::hidesThePassword);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void aWrongPasswordIsUnauthorizedAndTheErrorNamesTheUrlButNeitherPassword(Backend backend) throws Exception {
    String wrong = "not-it%&";
    String url = withPassword("gate", wrong);
    long start = System.nanoTime();
    assertThatThrownBy(() -> openAndRead(backend.decoder("cam-g", url, TIMEOUT)))
        .isInstanceOf(VideoSourceException.class)
        .hasMessageStartingWith("camera cam-g: ")
        .hasMessageContaining(shown("gate"))
        .satisfies(e -> assertThat(e.getMessage()).contains("401").containsIgnoringCase("unauthorized")
            .doesNotContain(wrong).doesNotContain(URLEncoder.encode(wrong, StandardCharsets.UTF_8)))
        .satisfies(RtspRefusedITCase::hidesThePassword);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

    // The control: with the right password the same back-end gets frames from the same camera.
    Frame first = openAndRead(backend.decoder("cam-g", withPassword("gate", PASSWORD), TIMEOUT));
    assertThat(first.width()).isEqualTo(160);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void aCameraConfiguredWithoutItsPasswordIsRefusedNamingTheUrl(Backend backend) {
    String url = "rtsp://" + USER + "@127.0.0.1:" + camera.port() + "/gate";
    // FFmpeg asks the camera and reports its 401. GStreamer's URL parser refuses a user without
    // a password before connecting: "Resource not found. (src: No valid RTSP URL was provided)".
    // Either way the operator is pointed at this camera's URL.
    assertThatThrownBy(() -> openAndRead(backend.decoder("cam-g", url, TIMEOUT)))
        .isInstanceOf(VideoSourceException.class)
        .hasMessageStartingWith("camera cam-g: ")
        .hasMessageContaining(url);
  }

  /** The URL as Credentials.apply builds it from a site file entry and a password source. */
  private static String withPassword(String path, String password) throws IOException {
    String bare = "rtsp://" + USER + "@127.0.0.1:" + camera.port() + "/" + path;
    return Credentials.apply("cam-g", bare, "CAM_G_PASSWORD", null, Map.of("CAM_G_PASSWORD", password));
  }

  /** How the decoders show that URL: the user stays, the password becomes ***. */
  private static String shown(String path) {
    return "rtsp://" + USER + ":***@127.0.0.1:" + camera.port() + "/" + path;
  }

  private static void hidesThePassword(Throwable e) {
    assertThat(e.getMessage())
        .doesNotContain(PASSWORD)
        .doesNotContain(URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8))
        .doesNotContain(URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8).replace("+", "%20"))
        .doesNotContain("w:rd");
  }

  private static Frame openAndRead(VideoDecoder decoder) throws IOException {
    try (decoder) {
      decoder.open();
      return decoder.next();
    }
  }
}
