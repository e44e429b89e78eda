package io.gridwatch.analytics.detect.river;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One camera's debris over one day (UTC): how many floating objects it alerted on, the water
 * share they covered together and at most, and a level from those. Every debris alert carries the
 * summary of its day so far; a finished day is logged and kept, the last {@value Book#KEEP_DAYS}.
 *
 * @param day          the UTC day, e.g. {@code 2026-11-22} ({@code 1970-01-01} on media time)
 * @param items        debris alerts on that day
 * @param coveredShare the water share the items covered, summed
 * @param peakShare    the largest water share one item covered
 */
record DebrisDay(String day, int items, double coveredShare, double peakShare) {

  private static final long DAY_MS = 86_400_000L;

  /**
   * A coarse level for reports: {@code clean} without debris, {@code light} up to 5 items,
   * {@code moderate} up to 20 items, {@code heavy} beyond, or when together they covered more
   * than 1 % of the water.
   */
  String level() {
    if (items == 0) {
      return "clean";
    }
    if (items > 20 || coveredShare > 0.01) {
      return "heavy";
    }
    return items > 5 ? "moderate" : "light";
  }

  Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("day", day);
    m.put("items", items);
    m.put("coveredShare", Math.round(coveredShare * 10_000) / 10_000.0);
    m.put("peakShare", Math.round(peakShare * 10_000) / 10_000.0);
    m.put("level", level());
    return m;
  }

  static String dayOf(long timeMs) {
    return Instant.ofEpochMilli(Math.floorDiv(timeMs, DAY_MS) * DAY_MS).atZone(ZoneOffset.UTC).toLocalDate().toString();
  }

  /** The current day and the last finished ones. */
  static final class Book {
    static final int KEEP_DAYS = 7;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DebrisDay.class);

    private DebrisDay current;
    private final ArrayDeque<DebrisDay> finished = new ArrayDeque<>();

    /** Moves on to {@code timeMs}'s day, closing the day before. */
    void roll(long timeMs, String cameraId) {
      String day = dayOf(timeMs);
      if (current == null) {
        current = new DebrisDay(day, 0, 0, 0);
      } else if (!current.day.equals(day)) {
        LOG.info("camera {}: debris summary for {}: {}", cameraId, current.day, current.summary());
        finished.addLast(current);
        while (finished.size() > KEEP_DAYS) {
          finished.removeFirst();
        }
        current = new DebrisDay(day, 0, 0, 0);
      }
    }

    /** Counts one debris item of {@code share} of the water; returns the day so far. */
    DebrisDay record(long timeMs, String cameraId, double share) {
      roll(timeMs, cameraId);
      current = new DebrisDay(current.day, current.items + 1, current.coveredShare + share,
          Math.max(current.peakShare, share));
      return current;
    }

    DebrisDay today() {
      return current;
    }

    /** The finished days and then the current one, oldest first. */
    List<DebrisDay> all() {
      List<DebrisDay> out = new java.util.ArrayList<>(finished);
      if (current != null) {
        out.add(current);
      }
      return out;
    }

    /** Takes days kept before a restart: the last is the current one. */
    void restore(List<DebrisDay> days) {
      finished.clear();
      current = null;
      for (int i = 0; i < days.size(); i++) {
        if (i == days.size() - 1) {
          current = days.get(i);
        } else {
          finished.addLast(days.get(i));
        }
      }
      while (finished.size() > KEEP_DAYS) {
        finished.removeFirst();
      }
    }

    List<DebrisDay> finishedDays() {
      return List.copyOf(finished);
    }
  }
}
