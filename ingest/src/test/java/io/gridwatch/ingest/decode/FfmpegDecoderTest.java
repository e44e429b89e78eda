package io.gridwatch.ingest.decode;

import java.time.Duration;

class FfmpegDecoderTest extends DecoderContractTest {

  @Override
  VideoDecoder decoder(String cameraId, String source, Duration socketTimeout, boolean keyFramesOnly) {
    return new FfmpegDecoder(cameraId, source, socketTimeout, keyFramesOnly);
  }
}
