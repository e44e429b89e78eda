package io.gridwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.Frame;
import io.gridwatch.ingest.decode.FfmpegDecoder;
import io.gridwatch.ingest.sim.rtsp.RtspCameraSimulator;
import io.gridwatch.ingest.testing.TestClips;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gridwatch detect} on a live camera rides through the camera going away and coming back. */
class ReconnectingDecoderITCase {

  @TempDir Path dir;

  @Test
  void framesResumeAfterTheServerComesBackAndTimeKeepsGoingForward() throws Exception {
    Path clip = TestClips.movingSquare(dir, "square.mp4", 320, 240, 75);
    try (RtspCameraSimulator server = RtspCameraSimulator.builder().path("cam", clip).build().start()) {
      String url = server.url("cam");
      try (ReconnectingDecoder decoder = new ReconnectingDecoder("cam-live", url,
          () -> new FfmpegDecoder("cam-live", url, Duration.ofSeconds(3)))) {
        decoder.open();
        long lastPts = -1;
        for (int i = 0; i < 25; i++) {
          Frame f = decoder.next();
          assertThat(f.ptsMs()).isGreaterThanOrEqualTo(lastPts);
          lastPts = f.ptsMs();
        }
        server.stop();
        Thread restarter = new Thread(() -> {
          try {
            Thread.sleep(3_000);
            server.restart();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        restarter.start();
        // next() blocks through the outage and returns frames of the new connection
        long before = System.currentTimeMillis();
        int after = 0;
        while (after < 25) {
          Frame f = decoder.next();
          assertThat(f).isNotNull();
          assertThat(f.ptsMs()).isGreaterThanOrEqualTo(lastPts);
          lastPts = f.ptsMs();
          if (System.currentTimeMillis() - before > 2_500) {
            after++;
          }
        }
        restarter.join();
        assertThat(lastPts).isGreaterThan(3_000);
      }
    }
  }
}
