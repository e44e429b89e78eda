package io.gridwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwatch.contracts.config.DecoderKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SerializersTest {

  private static final CameraSplit LIVE = new CameraSplit("cam-001", "rtsp://admin@10.1.2.3/live",
      DecoderKind.GSTREAMER, false, false, 0, "CAM_001_PASSWORD", null, null, 30_000);
  private static final CameraSplit REPLAY = new CameraSplit("cam-002", "/data/clips/shop.mp4",
      DecoderKind.FFMPEG, true, true, 5000, null, "/etc/gridwatch/cam-002.pw",
      "{\"cameraId\":\"cam-002\",\"note\":\"" + "x".repeat(70_000) + "\"}", 60_000);

  @Test
  void splitRoundTripKeepsEveryField() throws Exception {
    for (CameraSplit split : List.of(LIVE, REPLAY)) {
      byte[] bytes = CameraSplitSerializer.INSTANCE.serialize(split);
      assertThat(CameraSplitSerializer.INSTANCE.deserialize(CameraSplitSerializer.INSTANCE.getVersion(), bytes))
          .isEqualTo(split);
    }
  }

  @Test
  void enumeratorStateRoundTripKeepsPendingCameras() throws Exception {
    CameraEnumeratorState state = new CameraEnumeratorState(List.of(LIVE), List.of(REPLAY));
    byte[] bytes = CameraEnumeratorStateSerializer.INSTANCE.serialize(state);
    assertThat(CameraEnumeratorStateSerializer.INSTANCE.deserialize(1, bytes)).isEqualTo(state);
    assertThat(CameraEnumeratorStateSerializer.INSTANCE.deserialize(1,
        CameraEnumeratorStateSerializer.INSTANCE.serialize(new CameraEnumeratorState(List.of(), List.of()))).pending()).isEmpty();
  }

  @Test
  void unknownVersionIsRefused() {
    assertThatThrownBy(() -> CameraSplitSerializer.INSTANCE.deserialize(99, new byte[0]))
        .hasMessageContaining("unknown version 99");
  }

  @Test
  void splitsNeverCarryAPassword() throws Exception {
    String serialized = new String(CameraSplitSerializer.INSTANCE.serialize(LIVE), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(serialized).contains("CAM_001_PASSWORD").doesNotContain(":***").doesNotContain("admin:");
  }
}
