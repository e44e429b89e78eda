package io.gridwatch.analytics.eval;

import io.gridwatch.contracts.alert.Alert;
import io.gridwatch.contracts.labels.LabelledEvent;
import java.util.List;

/**
 * How a detector did on one clip, for one alert scene.
 *
 * @param clip          the clip's name
 * @param scene         the alert scene scored
 * @param durationMs    length of the clip
 * @param events        labelled events of normal priority (the recall base)
 * @param matched       those matched by an alert
 * @param alerts        alerts of this scene
 * @param truePositives alerts matched to an event (low-priority events included)
 * @param duplicates    alerts overlapping an event another alert already matched
 * @param falseAlarms   alerts overlapping no labelled event at all
 * @param latenciesMs   {@code emittedMs - endMs} of each matched event's first alert (negative
 *                      when a lasting event is reported while it still goes on)
 * @param startDelaysMs {@code emittedMs - startMs} of each matched event's first alert: for
 *                      dwell-time scenes, the time from the event's start to the alert
 * @param floorChecked  matched throwing events with a labelled and a reported origin floor
 * @param floorExact    of those, reported floor equal to the label
 * @param floorWithin1  of those, reported floor within one of the label
 * @param missed        normal-priority events no alert matched
 * @param falseAlarmAlerts the false alarms, with the nuisance they overlap if any
 */
public record ClipScore(String clip, String scene, long durationMs, int events, int matched, int alerts,
    int truePositives, int duplicates, int falseAlarms, List<Long> latenciesMs, List<Long> startDelaysMs, int floorChecked, int floorExact,
    int floorWithin1, List<LabelledEvent> missed, List<FalseAlarm> falseAlarmAlerts, List<FloorMiss> floorMisses) {

  /**
   * A found event whose origin floor was named wrong.
   *
   * @param event         the labelled event
   * @param reportedFloor the floor its first alert named
   */
  public record FloorMiss(LabelledEvent event, int reportedFloor) {}

  /**
   * An alert no event explains.
   *
   * @param alert    the alert
   * @param nuisance the labelled nuisance it overlaps, or null
   */
  public record FalseAlarm(Alert alert, LabelledEvent nuisance) {}
}
