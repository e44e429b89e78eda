package io.gridwatch.analytics.detect.street;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.analytics.detect.DetectorState;
import io.gridwatch.contracts.config.Polygon;
import io.gridwatch.contracts.config.StreetOccupationScene;
import io.gridwatch.contracts.config.Zone;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StreetStateTest {

  private static final Zone SHOP_12 = new Zone("shop-12", Polygon.of(200, 260, 360, 260, 360, 340, 200, 340), 30.0, 0.15);
  private static final Zone SHOP_14 = new Zone("shop-14", Polygon.of(420, 260, 560, 260, 560, 340, 420, 340), 30.0, 0.15);

  private static ZoneEpisode alertedAt(long sinceMs, long alertMs) {
    ZoneEpisode e = new ZoneEpisode();
    e.step(sinceMs, ZoneEpisode.Observation.OCCUPIED, sinceMs, 0.4, 10_000, 20_000, 60_000, true, false);
    e.step(alertMs, ZoneEpisode.Observation.OCCUPIED, sinceMs, 0.5, 10_000, 20_000, 60_000, true, false);
    return e;
  }

  @Test
  void episodesComeBackWithTheirPhaseTimesAndPolygons() {
    Map<String, ZoneEpisode> episodes = new LinkedHashMap<>();
    episodes.put("shop-12", alertedAt(30_000, 62_000));
    episodes.put("shop-14", new ZoneEpisode());
    byte[] bytes = StreetState.encodeEpisodes(Map.of("shop-12", SHOP_12.polygon(), "shop-14", SHOP_14.polygon()),
        episodes);

    Map<String, StreetState.KeptZone> kept = StreetState.decodeEpisodes(bytes);
    assertThat(kept).containsOnlyKeys("shop-12", "shop-14");
    assertThat(kept.get("shop-12").polygon()).isEqualTo(SHOP_12.polygon());
    assertThat(kept.get("shop-12").episode()).containsExactly(episodes.get("shop-12").toLongs());
    assertThat(ZoneEpisode.fromLongs(kept.get("shop-12").episode()).phase()).isEqualTo(ZoneEpisode.Phase.ALERTED);
    assertThat(kept.get("shop-14").episode()).containsExactly(new ZoneEpisode().toLongs());
  }

  @Test
  void theReferenceComesBackPixelForPixel() {
    byte[] bgr = new byte[48 * 27 * 3];
    new SplittableRandom(3).nextBytes(bgr);
    byte[] bytes = StreetState.encodeReference(new StreetState.Reference(1920, 1080, 48, 27, 123_000, bgr));

    StreetState.Reference back = StreetState.decodeReference(bytes);
    assertThat(back.bgr()).isEqualTo(bgr);
    assertThat(List.of(back.frameWidth(), back.frameHeight(), back.width(), back.height()))
        .containsExactly(1920, 1080, 48, 27);
    assertThat(back.timeMs()).isEqualTo(123_000);
  }

  @Test
  void aRestoredDetectorKeepsOnlyZonesThatAreStillThereWithTheSamePolygon() {
    Map<String, ZoneEpisode> episodes = new LinkedHashMap<>();
    episodes.put("shop-12", alertedAt(30_000, 62_000));
    episodes.put("shop-14", alertedAt(40_000, 72_000));
    byte[] kept = StreetState.encodeEpisodes(Map.of("shop-12", SHOP_12.polygon(), "shop-14", SHOP_14.polygon()),
        episodes);
    Zone movedShop14 = new Zone("shop-14", Polygon.of(430, 260, 560, 260, 560, 340, 430, 340), 30.0, 0.15);
    Zone shop16 = new Zone("shop-16", Polygon.of(20, 260, 150, 260, 150, 340, 20, 340), 30.0, 0.15);

    try (StreetOccupationDetector d = new StreetOccupationDetector("cam-5",
        new StreetOccupationScene(List.of(SHOP_12, movedShop14, shop16)))) {
      d.restore(DetectorState.of(kept));
      Map<String, StreetState.KeptZone> now = StreetState.decodeEpisodes(d.snapshot(0).alerting());
      assertThat(now).containsOnlyKeys("shop-12", "shop-14", "shop-16");
      assertThat(ZoneEpisode.fromLongs(now.get("shop-12").episode()).phase()).isEqualTo(ZoneEpisode.Phase.ALERTED);
      assertThat(ZoneEpisode.fromLongs(now.get("shop-14").episode()).phase()).isEqualTo(ZoneEpisode.Phase.IDLE);
      assertThat(ZoneEpisode.fromLongs(now.get("shop-16").episode()).phase()).isEqualTo(ZoneEpisode.Phase.IDLE);
    }
  }

  @Test
  void unreadableStateIsIgnoredAndTheDetectorStartsAfresh() {
    try (StreetOccupationDetector d = new StreetOccupationDetector("cam-5", new StreetOccupationScene(List.of(SHOP_12)))) {
      d.restore(new DetectorState(new byte[] {1, 2, 3}, new byte[] {4, 5}));
      assertThat(ZoneEpisode.fromLongs(StreetState.decodeEpisodes(d.snapshot(0).alerting()).get("shop-12").episode())
          .phase()).isEqualTo(ZoneEpisode.Phase.IDLE);
    }
  }
}
