package io.gridwatch.contracts.config;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * When a grid worker is on duty: from {@code start} to {@code end} (local time of the site) on
 * the given days. A shift whose end is not after its start runs overnight into the next day, and
 * belongs to the day it starts on.
 *
 * @param days  days the shift starts on ({@code mon}..{@code sun}); every day when not given
 * @param start start time, {@code HH:mm}
 * @param end   end time, {@code HH:mm}; {@code 24:00} is accepted for midnight
 */
public record Shift(List<String> days, String start, String end) implements java.io.Serializable {

  public Shift {
    ConfigViolation.required(start, "start");
    ConfigViolation.required(end, "end");
    days = days == null ? List.of() : List.copyOf(days);
    for (int i = 0; i < days.size(); i++) {
      dayOf(days.get(i), "days[" + i + "]");
    }
    minuteOf(start, "start");
    minuteOf(end, "end");
  }

  /** Whether the shift covers {@code day} at {@code time}. */
  public boolean covers(DayOfWeek day, LocalTime time) {
    int from = minuteOf(start, "start");
    int to = minuteOf(end, "end");
    int now = time.getHour() * 60 + time.getMinute();
    Set<DayOfWeek> on = startDays();
    if (from < to) {
      return on.contains(day) && now >= from && now < to;
    }
    // Overnight: the evening part on a shift day, the morning part on the day after one.
    return (on.contains(day) && now >= from) || (on.contains(day.minus(1)) && now < to);
  }

  private Set<DayOfWeek> startDays() {
    if (days.isEmpty()) {
      return EnumSet.allOf(DayOfWeek.class);
    }
    List<DayOfWeek> list = new ArrayList<>();
    for (String d : days) {
      list.add(dayOf(d, "days"));
    }
    return EnumSet.copyOf(list);
  }

  private static DayOfWeek dayOf(String raw, String key) {
    ConfigViolation.required(raw, key);
    String d = raw.trim().toLowerCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      String name = day.name().toLowerCase(Locale.ROOT);
      if (d.equals(name) || d.equals(name.substring(0, 3))) {
        return day;
      }
    }
    throw new ConfigViolation(key, "'" + raw + "' is not a day; expected mon, tue, wed, thu, fri, sat or sun");
  }

  private static int minuteOf(String raw, String key) {
    String t = raw.trim();
    if (t.equals("24:00")) {
      return 24 * 60;
    }
    try {
      LocalTime time = LocalTime.parse(t);
      return time.getHour() * 60 + time.getMinute();
    } catch (DateTimeParseException e) {
      throw new ConfigViolation(key, "'" + raw + "' is not a time of day; expected HH:mm, e.g. 08:00");
    }
  }
}
