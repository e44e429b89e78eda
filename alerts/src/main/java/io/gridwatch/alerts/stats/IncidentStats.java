package io.gridwatch.alerts.stats;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridwatch.alerts.lifecycle.TimeLimits;
import io.gridwatch.contracts.incident.Incident;
import io.gridwatch.contracts.incident.IncidentStatus;
import io.gridwatch.contracts.incident.Light;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Statistics over a set of incidents, fed one at a time ({@link #add}) and read with
 * {@link #result()}.
 *
 * <ul>
 *   <li>counts by status and by light (at {@code nowMs})</li>
 *   <li>on-time closure rate: of the CLOSED incidents, the share resolved (or found a false
 *       alarm) within their resolve limit counted from the report, and never escalated</li>
 *   <li>false-alarm rate: of the verified incidents, the share found false, overall and per
 *       scene, camera and grid cell</li>
 *   <li>mean time to verify: report to on-site verdict, over the verified incidents</li>
 * </ul>
 */
public final class IncidentStats {

  private final TimeLimits limits;
  private final long nowMs;
  private long total;
  private final Map<String, Long> byStatus = new TreeMap<>();
  private final Map<String, Long> byLight = new TreeMap<>();
  private long closed;
  private long closedOnTime;
  private long verifyMsSum;
  private final Group overall = new Group();
  private final Map<String, Group> byScene = new TreeMap<>();
  private final Map<String, Group> byCamera = new TreeMap<>();
  private final Map<String, Group> byCell = new TreeMap<>();

  public IncidentStats(TimeLimits limits, long nowMs) {
    this.limits = limits;
    this.nowMs = nowMs;
  }

  public void add(Incident i) {
    total++;
    byStatus.merge(i.status().name(), 1L, Long::sum);
    byLight.merge(i.lightAt(nowMs).name(), 1L, Long::sum);
    if (i.status() == IncidentStatus.CLOSED) {
      closed++;
      if (onTime(i)) {
        closedOnTime++;
      }
    }
    if (i.verification() != null) {
      boolean falseAlarm = !i.verification().confirmed();
      long verifyMs = i.verification().atMs() - i.createdMs();
      verifyMsSum += verifyMs;
      overall.add(falseAlarm);
      byScene.computeIfAbsent(i.scene().wireName(), k -> new Group()).add(falseAlarm);
      byCamera.computeIfAbsent(String.valueOf(i.cameraId()), k -> new Group()).add(falseAlarm);
      byCell.computeIfAbsent(String.valueOf(i.gridCellId()), k -> new Group()).add(falseAlarm);
    }
  }

  private boolean onTime(Incident i) {
    if (i.escalation() != null) {
      return false;
    }
    OptionalLong done = i.reached(IncidentStatus.RESOLVED);
    if (done.isEmpty()) {
      done = i.reached(IncidentStatus.VERIFIED_FALSE_ALARM);
    }
    long limitMs = limits.of(i.scene(), i.priority()).resolveMinutes() * 60_000L;
    return done.isPresent() && done.getAsLong() - i.createdMs() <= limitMs;
  }

  public Result result() {
    Map<String, Rate> scenes = new TreeMap<>();
    byScene.forEach((k, g) -> scenes.put(k, g.rate()));
    Map<String, Rate> cameras = new TreeMap<>();
    byCamera.forEach((k, g) -> cameras.put(k, g.rate()));
    Map<String, Rate> cells = new TreeMap<>();
    byCell.forEach((k, g) -> cells.put(k, g.rate()));
    for (Light l : Light.values()) {
      byLight.putIfAbsent(l.name(), 0L);
    }
    return new Result(total, byStatus, byLight, closed, closedOnTime, ratio(closedOnTime, closed),
        overall.verified, overall.falseAlarms, ratio(overall.falseAlarms, overall.verified),
        overall.verified == 0 ? null : (double) verifyMsSum / overall.verified, scenes, cameras, cells);
  }

  private static Double ratio(long a, long b) {
    return b == 0 ? null : (double) a / b;
  }

  /**
   * The figures; rates and means are null when there is nothing to divide by.
   */
  @JsonPropertyOrder({"total", "byStatus", "byLight", "closed", "closedOnTime", "onTimeClosureRate",
      "verified", "falseAlarms", "falseAlarmRate", "meanTimeToVerifyMs", "falseAlarmsByScene",
      "falseAlarmsByCamera", "falseAlarmsByCell"})
  public record Result(long total, Map<String, Long> byStatus, Map<String, Long> byLight, long closed,
      long closedOnTime, Double onTimeClosureRate, long verified, long falseAlarms, Double falseAlarmRate,
      Double meanTimeToVerifyMs, Map<String, Rate> falseAlarmsByScene, Map<String, Rate> falseAlarmsByCamera,
      Map<String, Rate> falseAlarmsByCell) {}

  /** Verified incidents of one scene, camera or cell, and how many were false alarms. */
  public record Rate(long verified, long falseAlarms, double falseAlarmRate) {}

  private static final class Group {
    long verified;
    long falseAlarms;

    void add(boolean falseAlarm) {
      verified++;
      falseAlarms += falseAlarm ? 1 : 0;
    }

    Rate rate() {
      return new Rate(verified, falseAlarms, (double) falseAlarms / verified);
    }
  }
}
