package io.gridwatch.alerts.stats;

import static io.gridwatch.alerts.TestData.MINUTE;
import static io.gridwatch.alerts.TestData.NOW;
import static io.gridwatch.alerts.TestData.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridwatch.alerts.lifecycle.IncidentCommand;
import io.gridwatch.alerts.lifecycle.IncidentLifecycle;
import io.gridwatch.alerts.lifecycle.TimeLimits;
import io.gridwatch.alerts.lifecycle.TransitionResult;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.incident.Incident;
import io.gridwatch.contracts.incident.IncidentPriority;
import org.junit.jupiter.api.Test;

class IncidentStatsTest {

  private final IncidentLifecycle lifecycle = new IncidentLifecycle(TimeLimits.defaults());

  private Incident opened(String camera, String cell) {
    return lifecycle.opened(Incident.openedBy(alert(camera, AlertScene.STREET_OCCUPATION, "z", NOW - MINUTE), cell,
        "w-1", NOW), IncidentPriority.NORMAL).incident();
  }

  private Incident go(Incident i, IncidentCommand c) {
    return ((TransitionResult.Applied) lifecycle.transition(i, c)).incident();
  }

  /** Dispatched, accepted and verified {@code verifyAfter} minutes after the report. */
  private Incident verified(String camera, String cell, boolean confirmed, int verifyAfter) {
    Incident i = go(opened(camera, cell), new IncidentCommand.Dispatch("op", NOW + 1, null, ""));
    i = go(i, new IncidentCommand.Accept("w-1", NOW + 2, ""));
    return go(i, new IncidentCommand.Verify("w-1", NOW + verifyAfter * MINUTE, confirmed, "", null));
  }

  @Test
  void ratesAndMeansFollowTheDefinitions() {
    IncidentStats stats = new IncidentStats(TimeLimits.defaults(), NOW + 5 * MINUTE);
    // Closed on time: confirmed, resolved after 100 min (limit 240).
    Incident onTime = verified("cam-1", "g-01", true, 10);
    onTime = go(go(onTime, new IncidentCommand.Handle("w-1", NOW + 11 * MINUTE, "")),
        new IncidentCommand.Resolve("w-1", NOW + 100 * MINUTE, ""));
    stats.add(go(onTime, new IncidentCommand.Close("op", NOW + 101 * MINUTE, "")));
    // Closed late: resolved after 300 min.
    Incident late = verified("cam-1", "g-01", true, 20);
    late = go(go(late, new IncidentCommand.Handle("w-1", NOW + 21 * MINUTE, "")),
        new IncidentCommand.Resolve("w-1", NOW + 300 * MINUTE, ""));
    stats.add(go(late, new IncidentCommand.Close("op", NOW + 301 * MINUTE, "")));
    // A false alarm on cam-2, closed at once: on time.
    stats.add(go(verified("cam-2", "g-02", false, 30), new IncidentCommand.Close("op", NOW + 31 * MINUTE, "")));
    // Still open, not verified.
    stats.add(opened("cam-2", "g-02"));

    IncidentStats.Result r = stats.result();
    assertThat(r.total()).isEqualTo(4);
    assertThat(r.byStatus()).containsEntry("CLOSED", 3L).containsEntry("REPORTED", 1L);
    assertThat(r.byLight()).containsEntry("GREEN", 1L).containsEntry("NONE", 3L).containsEntry("RED", 0L);
    assertThat(r.closed()).isEqualTo(3);
    assertThat(r.closedOnTime()).isEqualTo(2);
    assertThat(r.onTimeClosureRate()).isCloseTo(2 / 3.0, within(1e-9));
    assertThat(r.verified()).isEqualTo(3);
    assertThat(r.falseAlarmRate()).isCloseTo(1 / 3.0, within(1e-9));
    assertThat(r.meanTimeToVerifyMs()).isCloseTo(20.0 * MINUTE, within(1e-6));
    assertThat(r.falseAlarmsByCamera().get("cam-1").falseAlarmRate()).isZero();
    assertThat(r.falseAlarmsByCamera().get("cam-2").falseAlarmRate()).isEqualTo(1.0);
    assertThat(r.falseAlarmsByCell().get("g-02").verified()).isEqualTo(1);
    assertThat(r.falseAlarmsByScene().get("street-occupation").falseAlarms()).isEqualTo(1);
  }

  @Test
  void emptySetHasNoRates() {
    IncidentStats.Result r = new IncidentStats(TimeLimits.defaults(), NOW).result();
    assertThat(r.onTimeClosureRate()).isNull();
    assertThat(r.falseAlarmRate()).isNull();
    assertThat(r.meanTimeToVerifyMs()).isNull();
  }
}
