package io.gridwatch.contracts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PolygonTest {

  private static final Polygon SQUARE = Polygon.of(0, 0, 10, 0, 10, 10, 0, 10);

  @Test
  void containsPointsInsideAndNotOutside() {
    assertThat(SQUARE.contains(5, 5)).isTrue();
    assertThat(SQUARE.contains(11, 5)).isFalse();
    assertThat(SQUARE.contains(-1, -1)).isFalse();
  }

  @Test
  void concavePolygonExcludesItsNotch() {
    Polygon u = Polygon.of(0, 0, 30, 0, 30, 30, 20, 30, 20, 10, 10, 10, 10, 30, 0, 30);
    assertThat(u.contains(15, 20)).isFalse();
    assertThat(u.contains(5, 20)).isTrue();
  }

  @Test
  void areaAndBounds() {
    assertThat(SQUARE.area()).isEqualTo(100.0);
    assertThat(SQUARE.bounds()).containsExactly(0, 0, 10, 10);
  }

  @Test
  void collinearCornersHaveNoAreaAndAreRefused() {
    assertThatThrownBy(() -> Polygon.of(0, 0, 5, 5, 10, 10)).hasMessageContaining("no area");
  }
}
