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

/** PROBE */
class RtspRefusedITCase {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private static final String USER = "viewer";
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

  private static String url(String path, String password) throws IOException {
    String bare = "rtsp://" + USER + "@127.0.0.1:" + camera.port() + "/" + path;
    return password == null ? bare : Credentials.apply("cam-g", bare, "PW", null, Map.of("PW", password));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void probe(Backend backend) throws Exception {
    for (String[] c : new String[][] {{"gate", PASSWORD}, {"nowhere", PASSWORD}, {"gate", "wrong"}, {"gate", null}, {"nowhere", "wrong"}}) {
      long t0 = System.nanoTime();
      try (VideoDecoder d = backend.decoder("cam-g", url(c[0], c[1]), TIMEOUT)) {
        d.open();
        System.out.println("PROBE " + backend + " " + c[0] + "/" + c[1] + " OK " + d.next());
      } catch (Exception e) {
        System.out.println("PROBE " + backend + " " + c[0] + "/" + c[1] + " " + (System.nanoTime() - t0) / 1000000 + " ms " + e);
      }
    }
  }
}
