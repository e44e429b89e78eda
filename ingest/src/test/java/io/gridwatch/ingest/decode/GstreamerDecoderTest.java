package io.gridwatch.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwatch.ingest.testing.TestClips;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GstreamerDecoderTest extends DecoderContractTest {

  @Override
  VideoDecoder decoder(String cameraId, String source, Duration socketTimeout, boolean keyFramesOnly) {
    return new GstreamerDecoder(cameraId, source, socketTimeout, keyFramesOnly);
  }

  @Test
  void decodersLeaveNoThreadsBehind() throws Exception {
    Path clip = TestClips.movingSquare(dir, "small.mp4", 160, 120, 10);
    decodeAll(clip); // GStreamer's own one-off threads start with the first pipeline
    int before = Thread.getAllStackTraces().size();
    for (int i = 0; i < 20; i++) {
      assertThat(decodeAll(clip)).hasSize(10);
      VideoDecoder abandoned = decoder("cam-t", clip.toString(), Duration.ofSeconds(5));
      abandoned.open();
      abandoned.next();
      abandoned.close();
    }
    // Streaming threads that called into Java appear here until GStreamer ends them with the
    // pipeline; one per decoder would add 40.
    assertThat(Thread.getAllStackTraces().size()).isLessThanOrEqualTo(before + 2);
  }

  @Test
  void aReaderWaitingForAFrozenCameraCanBeInterrupted() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      VideoDecoder decoder = decoder("cam-x", "rtsp://127.0.0.1:" + silent.getLocalPort() + "/live",
          Duration.ofSeconds(60));
      var timer = Executors.newSingleThreadScheduledExecutor();
      Thread reader = Thread.currentThread();
      timer.schedule(reader::interrupt, 300, TimeUnit.MILLISECONDS);
      long start = System.nanoTime();
      try {
        assertThatThrownBy(decoder::open).isInstanceOf(InterruptedIOException.class)
            .hasMessageStartingWith("camera cam-x: ");
        assertThat(Thread.interrupted()).isTrue(); // still set for the caller, cleared here
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      } finally {
        timer.shutdownNow();
        decoder.close();
      }
    }
  }
}
