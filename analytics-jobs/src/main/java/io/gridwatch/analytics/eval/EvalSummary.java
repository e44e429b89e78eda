package io.gridwatch.analytics.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores of many clips added up per alert scene.
 *
 * @param scene               alert scene
 * @param clips               clips scored
 * @param hours               footage, camera-hours
 * @param events              normal-priority events
 * @param matched             of those, detected
 * @param alerts              alerts raised
 * @param truePositives       alerts that matched an event
 * @param duplicates          extra alerts for an event already matched
 * @param falseAlarms         alerts that matched nothing
 * @param recall              matched / events (NaN without events)
 * @param precision           truePositives / alerts (NaN without alerts)
 * @param falseAlarmsPerCameraHour false alarms per camera-hour
 * @param falseAlarmsPerCameraDay  false alarms per camera-day (x24)
 * @param alertsPerEvent      (truePositives + duplicates) / matched
 * @param latencyMedianMs     median of emittedMs - endMs (NaN without matches)
 * @param latencyP95Ms        95th percentile of the same
 * @param startDelayMedianMs  median of emittedMs - event startMs (dwell scenes: start to alert)
 * @param startDelayP95Ms     95th percentile of the same
 * @param floorExact          share of checked throwing events with the exact origin floor
 * @param floorWithin1        share within one floor
 * @param falseAlarmsByNuisance false alarms by the nuisance kind they overlap ("none" when none)
 */
public record EvalSummary(String scene, int clips, double hours, int events, int matched, int alerts, int truePositives,
    int duplicates, int falseAlarms, double recall, double precision, double falseAlarmsPerCameraHour,
    double falseAlarmsPerCameraDay, double alertsPerEvent, double latencyMedianMs, double latencyP95Ms,
    double startDelayMedianMs, double startDelayP95Ms, double floorExact, double floorWithin1, Map<String, Integer> falseAlarmsByNuisance) {

  /** Adds up the scores of one scene. */
  public static EvalSummary of(String scene, List<ClipScore> scores) {
    int events = 0, matched = 0, alerts = 0, tp = 0, dup = 0, fa = 0, fc = 0, fe = 0, f1 = 0;
    long ms = 0;
    List<Long> latencies = new ArrayList<>();
    List<Long> startDelays = new ArrayList<>();
    Map<String, Integer> byNuisance = new TreeMap<>();
    for (ClipScore s : scores) {
      events += s.events();
      matched += s.matched();
      alerts += s.alerts();
      tp += s.truePositives();
      dup += s.duplicates();
      fa += s.falseAlarms();
      fc += s.floorChecked();
      fe += s.floorExact();
      f1 += s.floorWithin1();
      ms += s.durationMs();
      latencies.addAll(s.latenciesMs());
      startDelays.addAll(s.startDelaysMs());
      for (ClipScore.FalseAlarm f : s.falseAlarmAlerts()) {
        String kind = f.nuisance() == null || f.nuisance().kind() == null ? "none" : f.nuisance().kind();
        byNuisance.merge(kind, 1, Integer::sum);
      }
    }
    double hours = ms / 3_600_000.0;
    latencies.sort(Long::compare);
    startDelays.sort(Long::compare);
    return new EvalSummary(scene, scores.size(), hours, events, matched, alerts, tp, dup, fa,
        events == 0 ? Double.NaN : matched / (double) events,
        alerts == 0 ? Double.NaN : tp / (double) alerts,
        hours == 0 ? Double.NaN : fa / hours,
        hours == 0 ? Double.NaN : fa / hours * 24,
        matched == 0 ? Double.NaN : (tp + dup) / (double) Math.max(1, tp),
        percentile(latencies, 0.5), percentile(latencies, 0.95),
        percentile(startDelays, 0.5), percentile(startDelays, 0.95),
        fc == 0 ? Double.NaN : fe / (double) fc, fc == 0 ? Double.NaN : f1 / (double) fc, byNuisance);
  }

  /** Nearest-rank percentile of sorted values; NaN when empty. */
  static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
