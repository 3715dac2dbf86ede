package ai.gatewayz.obs.alerts.config;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * One named entry of {@code time_intervals}: the instant is inside when any of its specs contains
 * it. A spec's fields are ANDed; an absent field matches everything. Immutable.
 */
public record TimeInterval(String name, List<Spec> specs) {

    public boolean contains(Instant t) {
        for (Spec s : specs) {
            if (s.contains(t)) {
                return true;
            }
        }
        return false;
    }

    /** Ranges are inclusive except times, whose end minute is exclusive. Minutes of day for times. */
    public record Spec(List<int[]> times, List<int[]> weekdays, List<int[]> daysOfMonth, List<int[]> months,
                       List<int[]> years, ZoneId location) {
        boolean contains(Instant instant) {
            ZonedDateTime t = instant.atZone(location);
            if (!times.isEmpty()) {
                int m = t.getHour() * 60 + t.getMinute();
                boolean in = false;
                for (int[] r : times) {
                    if (m >= r[0] && m < r[1]) {
                        in = true;
                        break;
                    }
                }
                if (!in) {
                    return false;
                }
            }
            if (!weekdays.isEmpty() && !inRanges(weekdays, t.getDayOfWeek().getValue() % 7)) {
                return false;
            }
            if (!daysOfMonth.isEmpty()) {
                int len = t.toLocalDate().lengthOfMonth();
                int d = t.getDayOfMonth();
                boolean in = false;
                for (int[] r : daysOfMonth) {
                    int a = r[0] < 0 ? len + r[0] + 1 : r[0];
                    int b = r[1] < 0 ? len + r[1] + 1 : r[1];
                    if (d >= a && d <= b) {
                        in = true;
                        break;
                    }
                }
                if (!in) {
                    return false;
                }
            }
            if (!months.isEmpty() && !inRanges(months, t.getMonthValue())) {
                return false;
            }
            return years.isEmpty() || inRanges(years, t.getYear());
        }

        private static boolean inRanges(List<int[]> rs, int v) {
            for (int[] r : rs) {
                if (v >= r[0] && v <= r[1]) {
                    return true;
                }
            }
            return false;
        }
    }
}
