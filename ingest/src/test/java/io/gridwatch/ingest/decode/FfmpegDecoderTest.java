package io.gridwatch.ingest.decode;

import java.time.Duration;

class FfmpegDecoderTest extends DecoderContractTest {

  @Override
  VideoDecoder decoder(String cameraId, String source, Duration socketTimeout) {
    return new FfmpegDecoder(cameraId, source, socketTimeout);
  }
}
