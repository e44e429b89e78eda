package io.gridwatch.analytics.detect.street;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BackgroundPairTest {

  private static final int W = 40;
  private static final int H = 30;
  private static final StreetOccupationDetector.Settings SETTINGS = StreetOccupationDetector.Settings.defaults();

  private final BackgroundPair model = new BackgroundPair(W, H);

  /** Grey pavement, with a red thing over the first {@code thing} pixels. */
  private static byte[] image(int thing) {
    byte[] bgr = new byte[W * H * 3];
    Arrays.fill(bgr, (byte) 120);
    for (int p = 0; p < thing; p++) {
      bgr[3 * p] = 30;
      bgr[3 * p + 1] = 30;
      bgr[3 * p + 2] = (byte) 200;
    }
    return bgr;
  }

  private void sample(byte[] bgr, long timeMs) {
    model.changedShare(bgr, SETTINGS.diffThreshold());
    model.update(bgr, timeMs, 2.0, SETTINGS);
  }

  @Test
  void aThingKeepsItsArrivalThroughOneSampleThatMatchesTheReference() {
    model.reset(image(0), 0);
    sample(image(50), 2_000);
    sample(image(50), 4_000);
    sample(image(0), 6_000); // one sample where the thing matched (a wrong gain, a glitch)
    sample(image(50), 8_000);
    assertThat(model.differentSinceMs(10)).isEqualTo(2_000);
  }

  @Test
  void aThingGoneForTwoSamplesIsForgottenAndComesBackAsNew() {
    model.reset(image(0), 0);
    sample(image(50), 2_000);
    sample(image(0), 4_000);
    sample(image(0), 6_000);
    sample(image(50), 8_000);
    assertThat(model.differentSinceMs(10)).isEqualTo(8_000);
    assertThat(model.differentSinceMs(100)).isEqualTo(Long.MIN_VALUE); // pavement never differed
  }

  @Test
  void pixelsThatMatchedTheStreetForTwoSamplesSinceATimeHaveReturned() {
    model.reset(image(0), 0);
    sample(image(50), 2_000);
    sample(image(50), 4_000);
    int[] thing = {0, 10, 20, 30, 40, 49};
    assertThat(model.returnedShare(thing, 4_000)).isEqualTo(0.0);
    sample(image(20), 6_000); // pixels 20..49 taken away
    assertThat(model.returnedShare(thing, 4_000)).isEqualTo(0.0); // one sample: maybe a glitch
    sample(image(20), 8_000);
    assertThat(model.returnedShare(thing, 4_000)).isEqualTo(4 / 6.0);
    sample(image(50), 10_000); // something set down there again: arrived after 4 s, so returned
    assertThat(model.returnedShare(thing, 4_000)).isEqualTo(4 / 6.0);
  }
}
