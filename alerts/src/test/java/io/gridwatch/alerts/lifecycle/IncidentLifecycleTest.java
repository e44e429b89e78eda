package io.gridwatch.alerts.lifecycle;

import static io.gridwatch.alerts.TestData.MINUTE;
import static io.gridwatch.alerts.TestData.NOW;
import static io.gridwatch.alerts.TestData.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.alerts.lifecycle.IncidentCommand.Accept;
import io.gridwatch.alerts.lifecycle.IncidentCommand.Close;
import io.gridwatch.alerts.lifecycle.IncidentCommand.Dispatch;
import io.gridwatch.alerts.lifecycle.IncidentCommand.Escalate;
import io.gridwatch.alerts.lifecycle.IncidentCommand.Handle;
import io.gridwatch.alerts.lifecycle.IncidentCommand.Reassign;
import io.gridwatch.alerts.lifecycle.IncidentCommand.Resolve;
import io.gridwatch.alerts.lifecycle.IncidentCommand.Verify;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.config.TimeLimit;
import io.gridwatch.contracts.incident.EscalationLevel;
import io.gridwatch.contracts.incident.Incident;
import io.gridwatch.contracts.incident.IncidentPriority;
import io.gridwatch.contracts.incident.IncidentStatus;
import io.gridwatch.contracts.incident.Light;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IncidentLifecycleTest {

  private static final String OPERATOR = "op-chen";
  private static final String WORKER = "w-1";

  private final IncidentLifecycle lifecycle = new IncidentLifecycle(TimeLimits.defaults());

  private Incident reported() {
    Incident plain = Incident.openedBy(alert(NOW - MINUTE), "g-01", WORKER, NOW);
    return lifecycle.opened(plain, IncidentPriority.NORMAL).incident();
  }

  private Incident apply(Incident incident, IncidentCommand command) {
    TransitionResult result = lifecycle.transition(incident, command);
    assertThat(result).as("result of %s", command).isInstanceOf(TransitionResult.Applied.class);
    return ((TransitionResult.Applied) result).incident();
  }

  private String refusal(Incident incident, IncidentCommand command) {
    TransitionResult result = lifecycle.transition(incident, command);
    assertThat(result).as("result of %s", command).isInstanceOf(TransitionResult.Refused.class);
    return ((TransitionResult.Refused) result).reason();
  }

  private Incident accepted() {
    Incident i = apply(reported(), new Dispatch(OPERATOR, NOW + MINUTE, null, ""));
    return apply(i, new Accept(WORKER, NOW + 2 * MINUTE, ""));
  }

  @Nested
  class HappyPath {

    @Test
    void confirmedIncidentGoesFromReportedToClosedWithEveryMilestoneStamped() {
      Incident i = accepted();
      i = apply(i, new Verify(WORKER, NOW + 5 * MINUTE, true, "goods on the sidewalk", List.of("p/1.jpg")));
      assertThat(i.status()).isEqualTo(IncidentStatus.VERIFIED_CONFIRMED);
      assertThat(i.verification().note()).isEqualTo("goods on the sidewalk");
      assertThat(i.verification().photos()).containsExactly("p/1.jpg");
      i = apply(i, new Handle(WORKER, NOW + 6 * MINUTE, ""));
      i = apply(i, new Resolve(WORKER, NOW + 30 * MINUTE, "shop owner moved the goods"));
      i = apply(i, new Close(OPERATOR, NOW + 31 * MINUTE, ""));

      assertThat(i.status()).isEqualTo(IncidentStatus.CLOSED);
      assertThat(i.deadline()).isNull();
      assertThat(i.lightAt(NOW + 999 * MINUTE)).isEqualTo(Light.NONE);
      assertThat(i.reached(IncidentStatus.DISPATCHED)).hasValue(NOW + MINUTE);
      assertThat(i.reached(IncidentStatus.VERIFIED_CONFIRMED)).hasValue(NOW + 5 * MINUTE);
      assertThat(i.reached(IncidentStatus.CLOSED)).hasValue(NOW + 31 * MINUTE);
      assertThat(i.statusSinceMs()).isEqualTo(NOW + 31 * MINUTE);
    }

    @Test
    void falseAlarmIsClosedWithoutHandling() {
      Incident i = apply(accepted(), new Verify(WORKER, NOW + 5 * MINUTE, false, "a parked bicycle", null));
      assertThat(i.status()).isEqualTo(IncidentStatus.VERIFIED_FALSE_ALARM);
      assertThat(i.verification().verdict()).isEqualTo("false-alarm");
      assertThat(refusal(i, new Handle(WORKER, NOW + 6 * MINUTE, ""))).contains("VERIFIED_FALSE_ALARM");
      assertThat(apply(i, new Close(OPERATOR, NOW + 6 * MINUTE, "")).status()).isEqualTo(IncidentStatus.CLOSED);
    }

    @Test
    void auditLineNamesWhoWhenWhyAndBothStatuses() {
      Incident i = reported();
      TransitionResult.Applied r = (TransitionResult.Applied) lifecycle.transition(i,
          new Dispatch(OPERATOR, NOW + MINUTE, "w-2", "w-1 is across the district"));
      assertThat(r.audit()).isEqualTo(new AuditEntry(i.incidentId(), 0, NOW + MINUTE, OPERATOR, "dispatch",
          IncidentStatus.REPORTED, IncidentStatus.DISPATCHED, "w-2", "w-1 is across the district"));
      assertThat(r.incident().assignee()).isEqualTo("w-2");
    }
  }

  @Nested
  class IllegalTransitions {

    @Test
    void verifyingBeforeAcceptingIsRefusedNamingIncidentAndStatus() {
      Incident i = reported();
      assertThat(refusal(i, new Verify(WORKER, NOW, true, "", null)))
          .isEqualTo("cannot verify incident '" + i.incidentId() + "' in status REPORTED: "
              + "only ACCEPTED incidents are verified (accept it first)");
    }

    @Test
    void acceptingAReportedIncidentIsRefused() {
      assertThat(refusal(reported(), new Accept(WORKER, NOW, ""))).contains("only DISPATCHED");
    }

    @Test
    void closingAnUnresolvedIncidentIsRefused() {
      assertThat(refusal(accepted(), new Close(OPERATOR, NOW, ""))).contains("in status ACCEPTED");
    }

    @Test
    void closedIncidentRefusesEveryCommand() {
      Incident i = apply(accepted(), new Verify(WORKER, NOW, false, "", null));
      Incident closed = apply(i, new Close(OPERATOR, NOW, ""));
      for (IncidentCommand c : List.of(new Dispatch(OPERATOR, NOW, "w-2", ""), new Accept(WORKER, NOW, ""),
          new Verify(WORKER, NOW, true, "", null), new Handle(WORKER, NOW, ""), new Resolve(WORKER, NOW, ""),
          new Close(OPERATOR, NOW, ""), new Escalate(OPERATOR, NOW, ""), new Reassign(OPERATOR, NOW, "w-2", ""))) {
        assertThat(refusal(closed, c)).contains("in status CLOSED");
      }
    }

    @Test
    void dispatchWithoutAnyAssigneeIsRefused() {
      Incident nobody = lifecycle.opened(Incident.openedBy(alert(NOW), "g-03", null, NOW), IncidentPriority.NORMAL)
          .incident();
      assertThat(refusal(nobody, new Dispatch(OPERATOR, NOW, null, ""))).contains("no assignee");
      assertThat(apply(nobody, new Dispatch(OPERATOR, NOW, "w-9", "")).assignee()).isEqualTo("w-9");
    }

    @Test
    void reassigningToTheSameAssigneeIsRefused() {
      assertThat(refusal(reported(), new Reassign(OPERATOR, NOW, WORKER, ""))).contains("assigned to 'w-1' already");
    }
  }

  @Nested
  class Escalation {

    @Test
    void escalationClimbsCommunityStreetDistrictAndStopsThere() {
      Incident i = reported();
      i = apply(i, new Escalate(OPERATOR, NOW + MINUTE, "shop owner refuses"));
      assertThat(i.status()).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(i.escalation()).isEqualTo(EscalationLevel.COMMUNITY);
      i = apply(i, new Escalate(IncidentCommand.SYSTEM, NOW + 20 * MINUTE, ""));
      assertThat(i.escalation()).isEqualTo(EscalationLevel.STREET);
      i = apply(i, new Escalate(IncidentCommand.SYSTEM, NOW + 40 * MINUTE, ""));
      assertThat(i.escalation()).isEqualTo(EscalationLevel.DISTRICT);
      assertThat(i.deadline().escalates()).isFalse();
      assertThat(refusal(i, new Escalate(OPERATOR, NOW + 60 * MINUTE, ""))).contains("top level");
    }

    @Test
    void escalatedIncidentIsDispatchedAgainWithLimitsCountedFromTheEscalation() {
      Incident i = apply(reported(), new Escalate(IncidentCommand.SYSTEM, NOW + 16 * MINUTE, "accept limit passed"));
      // The community gets the accept limit (15 min) to act.
      assertThat(i.deadline().stage()).isEqualTo("act");
      assertThat(i.deadline().dueMs()).isEqualTo(NOW + 31 * MINUTE);
      i = apply(i, new Dispatch("sup-1", NOW + 20 * MINUTE, "w-2", ""));
      assertThat(i.status()).isEqualTo(IncidentStatus.DISPATCHED);
      assertThat(i.deadline().dueMs()).isEqualTo(NOW + 31 * MINUTE);
      assertThat(i.escalation()).isEqualTo(EscalationLevel.COMMUNITY);
    }

    @Test
    void equipmentIncidentsDoNotEscalateByTimer() {
      Incident cam = lifecycle.opened(Incident.openedBy(alert("cam-1", AlertScene.CAMERA_OFFLINE, null, NOW),
          "g-01", "maintainer", NOW), IncidentPriority.NORMAL).incident();
      assertThat(cam.deadline().escalates()).isFalse();
    }

    @Test
    void reassigningAnAcceptedIncidentSendsItBackToDispatched() {
      Incident i = apply(accepted(), new Reassign(OPERATOR, NOW + 3 * MINUTE, "w-2", "w-1 went home sick"));
      assertThat(i.status()).isEqualTo(IncidentStatus.DISPATCHED);
      assertThat(i.assignee()).isEqualTo("w-2");
    }
  }

  @Nested
  class TimeLimitsAndLights {

    @Test
    void lightIsGreenThenYellowAtThreeQuartersThenRedAtTheLimit() {
      Incident i = reported(); // NORMAL: accept within 15 min
      assertThat(i.lightAt(NOW + 11 * MINUTE)).isEqualTo(Light.GREEN);
      assertThat(i.lightAt(NOW + 12 * MINUTE)).isEqualTo(Light.YELLOW);
      assertThat(i.lightAt(NOW + 15 * MINUTE)).isEqualTo(Light.RED);
    }

    @Test
    void eachStageRunsAgainstItsOwnLimitFromTheReport() {
      Incident i = accepted();
      assertThat(i.deadline().stage()).isEqualTo("verify");
      assertThat(i.deadline().dueMs()).isEqualTo(NOW + 60 * MINUTE);
      i = apply(i, new Verify(WORKER, NOW + 10 * MINUTE, true, "", null));
      assertThat(i.deadline().stage()).isEqualTo("resolve");
      assertThat(i.deadline().dueMs()).isEqualTo(NOW + 240 * MINUTE);
    }

    @Test
    void siteRulesOverrideDefaultsPerSceneAndPriority() {
      TimeLimits limits = new TimeLimits(List.of(new TimeLimit("street-occupation", "normal", 2, 3, 4),
          new TimeLimit("*", "*", 10, 20, 30)));
      assertThat(limits.of(AlertScene.STREET_OCCUPATION, IncidentPriority.NORMAL).acceptMinutes()).isEqualTo(2);
      assertThat(limits.of(AlertScene.STREET_OCCUPATION, IncidentPriority.HIGH).acceptMinutes()).isEqualTo(10);
      assertThat(limits.of(AlertScene.THROWING, IncidentPriority.LOW).resolveMinutes()).isEqualTo(30);
      assertThat(TimeLimits.defaults().of(AlertScene.THROWING, IncidentPriority.HIGH).acceptMinutes()).isEqualTo(5);
    }

    @Test
    void throwingIsHighPriorityUnlessTheDetectorIsUnsure() {
      assertThat(TimeLimits.priorityOf(alert("cam-1", AlertScene.THROWING, null, NOW)))
          .isEqualTo(IncidentPriority.HIGH);
      var unsure = io.gridwatch.contracts.alert.Alert.of("cam-1", AlertScene.THROWING, null, NOW, NOW + 1, 0.25,
          java.util.Map.of(), NOW + 1, List.of());
      assertThat(TimeLimits.priorityOf(unsure)).isEqualTo(IncidentPriority.NORMAL);
    }
  }
}
