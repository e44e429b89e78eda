package io.gridwatch.analytics.detect.throwing;

import static io.gridwatch.analytics.detect.throwing.FacadeFootage.FACADE;
import static io.gridwatch.analytics.detect.throwing.FacadeFootage.G;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pieces of one fall are joined across the gap the tracker lost; pieces of different things are not. */
class FragmentJoinerTest {

  private final FragmentJoiner joiner = new FragmentJoiner(FACADE, FragmentJoiner.Settings.defaults());

  /** Sightings every 40 ms from fromS to toS of a fall released at 0 s from facade (u, v). */
  private static List<TrackPoint> fall(double u, double v, double fromS, double toS) {
    List<TrackPoint> points = new ArrayList<>();
    for (double t = fromS; t <= toS + 1e-9; t += 0.04) {
      double[] p = FACADE.toImage(u + 0.3 * t, v + 0.5 * G * t * t);
      points.add(new TrackPoint(Math.round(t * 1000), p[0], p[1], 20));
    }
    return points;
  }

  @Test
  void twoPiecesOfOneFallSeparatedByHalfASecondAreJoinedInTimeOrder() {
    List<TrackPoint> early = fall(5, 8, 0.0, 0.4);
    List<TrackPoint> late = fall(5, 8, 0.9, 1.5);
    joiner.keep(early, 400);

    List<List<TrackPoint>> joined = joiner.candidates(late);

    assertThat(joined).singleElement().satisfies(j -> {
      assertThat(j).hasSize(early.size() + late.size());
      assertThat(j.get(0)).isEqualTo(early.get(0));
      assertThat(j.get(j.size() - 1)).isEqualTo(late.get(late.size() - 1));
    });
  }

  @Test
  void piecesOfTwoDifferentFallsAreNotJoined() {
    joiner.keep(fall(2, 8, 0.0, 0.4), 400);
    // released from another column and floor, at the same time
    assertThat(joiner.candidates(fall(14, 20, 0.9, 1.5))).isEmpty();
  }

  @Test
  void aStillBlobIsNotJoinedToASingleLaterSighting() {
    // Any path fits a single point: joining it would turn a lamp and a raindrop into a fall.
    List<TrackPoint> still = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      still.add(new TrackPoint(i * 40L, 485, 513, 20));
    }
    joiner.keep(still, 200);
    assertThat(joiner.candidates(List.of(new TrackPoint(900, 585, 607, 20)))).isEmpty();
  }

  @Test
  void theLaterPieceOfAFallAlreadyReportedIsRecognisedAsItsContinuation() {
    joiner.reported(fall(5, 8, 0.0, 0.6), 600);
    assertThat(joiner.continuesReported(fall(5, 8, 1.0, 1.5))).isTrue();
    assertThat(joiner.continuesReported(fall(14, 20, 1.0, 1.5))).as("another fall").isFalse();
  }

  @Test
  void aSecondTrackOnTheSameObjectAtTheSameTimeIsRecognisedAndAnotherObjectIsNot() {
    joiner.reported(fall(5, 8, 0.0, 1.2), 1200);
    assertThat(joiner.continuesReported(fall(5.3, 8.2, 0.8, 1.2))).isTrue();
    assertThat(joiner.continuesReported(fall(12, 8, 0.8, 1.2))).as("7 m away").isFalse();
  }

  @Test
  void aPieceIsForgottenOnceTooOldToJoinAndTheJoinerEndsEmpty() {
    joiner.keep(fall(5, 8, 0.0, 0.4), 400);
    assertThat(joiner.candidates(fall(5, 8, 1.5, 1.9))).as("more than a second later").isEmpty();
    joiner.reported(fall(5, 8, 0.0, 0.4), 400);
    joiner.prune(400 + FragmentJoiner.Settings.defaults().maxGapMs() + 1);
    assertThat(joiner.size()).isZero();
  }
}
