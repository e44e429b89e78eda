package io.gridwatch.analytics.detect.river;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.contracts.config.Polygon;
import io.gridwatch.ingest.sim.Canvas;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;

/**
 * A quay seen from across the river, drawn in memory: a path (light) above a quay platform
 * (stone, the danger zone) above the water. People 34 px tall; the smallest person to look for
 * is 28 px.
 */
class StandingFiguresTest {

  private static final int W = 320;
  private static final int H = 240;
  private static final double MIN_PERSON = 28;
  /** The quay platform: rows 120..160. */
  private static final Polygon QUAY = Polygon.of(100, 120, 260, 120, 260, 160, 100, 160);
  private static final Rect REGION = RiverGeometry.clippedBounds(QUAY, W, H, 2.5 * MIN_PERSON);

  /** Runs 30 empty samples 2 s apart, then {@code samples} with {@code extra} drawn; returns the last finding. */
  private static List<PeopleDetector.Person> after(int samples, Consumer<Canvas> extra) {
    Canvas c = new Canvas(W, H, 5);
    c.fillRect(0, 0, W, 120, 150, 160, 170); // path and what lies beyond
    c.fillRect(0, 120, W, 40, 120, 125, 130); // quay platform
    c.fillRect(0, 160, W, 80, 80, 95, 70); // water
    c.useAsBackground();
    List<PeopleDetector.Person> found = List.of();
    try (StandingFigures figures = new StandingFigures(REGION, MIN_PERSON)) {
      for (int i = 0; i < 30 + samples; i++) {
        c.clear();
        if (i >= 30) {
          extra.accept(c);
        }
        try (Mat bgr = new Mat(H, W, opencv_core.CV_8UC3)) {
          bgr.data().put(c.render(2.0));
          found = figures.update(bgr, 2.0, QUAY);
        }
      }
    }
    return found;
  }

  @Test
  void anUprightFigureNewInTheRegionWithItsFeetInTheZoneIsAPerson() {
    List<PeopleDetector.Person> found = after(3, c -> c.figure(180, 150, 34, 40, 40, 190));
    assertThat(found).hasSize(1);
    PeopleDetector.Person p = found.get(0);
    assertThat(p.footX()).isBetween(174.0, 186.0);
    assertThat(p.footY()).isBetween(146.0, 154.0);
    assertThat(p.height()).isBetween(28.0, 40.0);
  }

  @Test
  void aPersonStandingStillForTwoMinutesIsStillFound() {
    assertThat(after(60, c -> c.figure(180, 150, 34, 40, 40, 190))).hasSize(1);
  }

  @Test
  void anUprightFigureWhoseFeetAreOnThePathAboveTheZoneIsNotInIt() {
    assertThat(after(3, c -> c.figure(180, 110, 34, 40, 40, 190))).isEmpty();
  }

  @Test
  void aLowWideShapeInTheZoneIsNotAPerson() {
    assertThat(after(3, c -> c.fillRect(150, 135, 70, 22, 40, 120, 200))).isEmpty();
  }

  @Test
  void aSmallBlobInTheZoneIsNotAPerson() {
    assertThat(after(3, c -> c.fillRect(170, 140, 5, 12, 40, 40, 190))).isEmpty();
  }
}
