package io.gridwatch.analytics.eval;

import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.alert.AlertScene;
import io.gridwatch.contracts.labels.LabelledEvent;
import io.gridwatch.contracts.labels.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Event-level scoring, the way the field scores video analytics: an alert matches an unmatched
 * labelled event of the same scene and zone whose {@code [startMs - tolerance, endMs + tolerance]}
 * overlaps the alert's {@code [startMs, endMs]}; each event matches at most once. An alert that
 * overlaps only events already matched is a duplicate; one that overlaps no event is a false
 * alarm. Low-priority events (e.g. a falling tissue) may be matched but are not counted as
 * misses: the detector is allowed, not required, to report them.
 */
public final class EventMatcher {

  private EventMatcher() {}

  /** Scores the alerts of {@code scene} in one clip. */
  public static ClipScore score(String clip, Labels labels, AlertScene scene, List<Alert> allAlerts, long toleranceMs) {
    List<LabelledEvent> events = labels.events().stream().filter(e -> e.scene() == scene).toList();
    List<Alert> alerts = allAlerts.stream().filter(a -> a.scene() == scene && !isEndReport(a))
        .sorted(Comparator.comparingLong(Alert::startMs)).toList();
    boolean[] taken = new boolean[events.size()];
    Alert[] firstAlert = new Alert[events.size()];
    int truePositives = 0;
    int duplicates = 0;
    List<ClipScore.FalseAlarm> falseAlarms = new ArrayList<>();

    for (Alert alert : alerts) {
      int best = -1;
      long bestOverlap = -1;
      boolean overlapsTaken = false;
      for (int i = 0; i < events.size(); i++) {
        LabelledEvent e = events.get(i);
        if (!Objects.equals(e.zone(), alert.zone())) {
          continue;
        }
        long overlap = overlap(alert.startMs(), alert.endMs(), e.startMs() - toleranceMs, e.endMs() + toleranceMs);
        if (overlap < 0) {
          continue;
        }
        if (taken[i]) {
          overlapsTaken = true;
        } else if (overlap > bestOverlap) {
          best = i;
          bestOverlap = overlap;
        }
      }
      if (best >= 0) {
        taken[best] = true;
        firstAlert[best] = alert;
        truePositives++;
      } else if (overlapsTaken) {
        duplicates++;
      } else {
        falseAlarms.add(new ClipScore.FalseAlarm(alert, nuisanceFor(labels, alert, toleranceMs)));
      }
    }

    int normal = 0;
    int matched = 0;
    List<Long> latencies = new ArrayList<>();
    List<Long> startDelays = new ArrayList<>();
    List<LabelledEvent> missed = new ArrayList<>();
    int floorChecked = 0;
    int floorExact = 0;
    int floorWithin1 = 0;
    List<ClipScore.FloorMiss> floorMisses = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      LabelledEvent e = events.get(i);
      boolean low = "low".equals(e.priority());
      if (!low) {
        normal++;
      }
      if (!taken[i]) {
        if (!low) {
          missed.add(e);
        }
        continue;
      }
      if (!low) {
        matched++;
      }
      latencies.add(firstAlert[i].emittedMs() - e.endMs());
      startDelays.add(firstAlert[i].emittedMs() - e.startMs());
      Object floor = firstAlert[i].details().get("originFloor");
      if (e.originFloor() != null && floor instanceof Number n) {
        floorChecked++;
        int diff = Math.abs(n.intValue() - e.originFloor());
        floorExact += diff == 0 ? 1 : 0;
        floorWithin1 += diff <= 1 ? 1 : 0;
        if (diff != 0) {
          floorMisses.add(new ClipScore.FloorMiss(e, n.intValue()));
        }
      }
    }
    return new ClipScore(clip, scene.wireName(), labels.durationMs(), normal, matched, alerts.size(), truePositives,
        duplicates, falseAlarms.size(), latencies, startDelays, floorChecked, floorExact, floorWithin1, missed, falseAlarms,
        floorMisses);
  }

  /**
   * Whether an alert reports that an event is over (a street-occupation zone clear again, a camera
   * back online) rather than detecting one. Such reports are not scored: they would otherwise
   * count as duplicates of the event they close.
   */
  public static boolean isEndReport(Alert alert) {
    Object state = alert.details().get("state");
    return "cleared".equals(state) || "recovered".equals(state);
  }

  /** Length of the intersection of two closed intervals, or -1 when they do not meet. */
  static long overlap(long aStart, long aEnd, long bStart, long bEnd) {
    long start = Math.max(aStart, bStart);
    long end = Math.min(aEnd, bEnd);
    return end < start ? -1 : end - start;
  }

  /** The nuisance overlapping the alert in time, preferring one in the alert's zone. */
  private static LabelledEvent nuisanceFor(Labels labels, Alert alert, long toleranceMs) {
    List<LabelledEvent> overlapping = labels.nuisances().stream()
        .filter(n -> overlap(alert.startMs(), alert.endMs(), n.startMs() - toleranceMs, n.endMs() + toleranceMs) >= 0)
        .toList();
    return overlapping.stream().filter(n -> Objects.equals(n.zone(), alert.zone())).findFirst()
        .orElse(overlapping.stream().filter(n -> n.zone() == null).findFirst()
            .orElse(overlapping.isEmpty() ? null : overlapping.get(0)));
  }
}
