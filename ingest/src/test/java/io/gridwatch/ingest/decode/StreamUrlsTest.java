package io.gridwatch.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamUrlsTest {

  @Test
  void redactsThePasswordButKeepsTheUser() {
    assertThat(StreamUrls.redact("rtsp://admin:pa55@10.0.0.7:554/h264")).isEqualTo("rtsp://admin:***@10.0.0.7:554/h264");
    assertThat(StreamUrls.redact("rtsp://admin@host/x")).isEqualTo("rtsp://admin@host/x");
    assertThat(StreamUrls.redact("/videos/clip.mp4")).isEqualTo("/videos/clip.mp4");
  }

  @Test
  void redactsUrlsInsideLibraryMessages() {
    String msg = "avformat_open_input() error -111: Could not open input \"rtsp://u:p%40ss@h/x\". (Has setFormat() been called?)";
    assertThat(StreamUrls.redactAll(msg)).contains("rtsp://u:***@h/x").doesNotContain("p%40ss");
  }

  @Test
  void tellsLiveStreamsFromFiles() {
    assertThat(StreamUrls.isLive("rtsp://h/x")).isTrue();
    assertThat(StreamUrls.isLive("/data/x.mp4")).isFalse();
  }

  @Test
  void passwordFromEnvironmentGoesIntoTheUrl() throws IOException {
    String url = Credentials.apply("cam-1", "rtsp://admin@h:554/x", "CAM1_PW", null, Map.of("CAM1_PW", "a b@c"));
    assertThat(url).isEqualTo("rtsp://admin:a%20b%40c@h:554/x");
  }

  @Test
  void passwordFromFileGoesIntoTheUrl(@TempDir Path dir) throws IOException {
    Path pw = Files.writeString(dir.resolve("pw"), "secret\n");
    assertThat(Credentials.apply("cam-1", "rtsp://admin@h/x", null, pw.toString(), Map.of()))
        .isEqualTo("rtsp://admin:secret@h/x");
  }

  @Test
  void missingVariableIsNamedWithoutAnyValue() {
    assertThatThrownBy(() -> Credentials.apply("cam-1", "rtsp://admin@h/x", "CAM1_PW", null, Map.of()))
        .hasMessage("camera cam-1: environment variable CAM1_PW is not set");
  }

  @Test
  void passwordForUrlWithoutUserIsRefused() {
    assertThatThrownBy(() -> Credentials.apply("cam-1", "rtsp://h/x", "PW", null, Map.of("PW", "s")))
        .hasMessageContaining("names no user").hasMessageNotContaining("s@");
  }

  @Test
  void noCredentialsLeaveTheUrlAlone() throws IOException {
    assertThat(Credentials.apply("cam-1", "/x.mp4", null, null, Map.of())).isEqualTo("/x.mp4");
  }
}
