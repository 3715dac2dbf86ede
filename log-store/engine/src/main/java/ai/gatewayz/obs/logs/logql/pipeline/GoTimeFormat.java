package ai.gatewayz.obs.logs.logql.pipeline;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Go reference-time layouts ({@code 2006-01-02 15:04:05}) for the template date functions. Stateless. */
final class GoTimeFormat {
    private static final String[][] TOKENS = {
        {"January", "MMMM"}, {"Monday", "EEEE"}, {"2006", "yyyy"}, {"-07:00", "xxx"}, {"-0700", "xx"}, {"Z07:00", "XXX"},
        {".000000000", ".SSSSSSSSS"}, {".999999999", ".SSSSSSSSS"}, {".000000", ".SSSSSS"}, {".999999", ".SSSSSS"},
        {".000", ".SSS"}, {".999", ".SSS"}, {"Jan", "MMM"}, {"Mon", "EEE"}, {"MST", "zzz"}, {"15", "HH"}, {"06", "yy"},
        {"01", "MM"}, {"02", "dd"}, {"_2", "ppd"}, {"03", "hh"}, {"04", "mm"}, {"05", "ss"}, {"PM", "a"}, {"pm", "a"},
        {"1", "M"}, {"2", "d"}, {"3", "h"}, {"4", "m"}, {"5", "s"},
    };

    private GoTimeFormat() {
    }

    static DateTimeFormatter toJava(String layout) {
        StringBuilder sb = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        outer:
        while (i < layout.length()) {
            for (String[] t : TOKENS) {
                if (layout.startsWith(t[0], i)) {
                    flush(sb, lit);
                    sb.append(t[1]);
                    i += t[0].length();
                    continue outer;
                }
            }
            lit.append(layout.charAt(i++));
        }
        flush(sb, lit);
        return DateTimeFormatter.ofPattern(sb.toString(), Locale.ROOT);
    }

    private static void flush(StringBuilder sb, StringBuilder lit) {
        if (!lit.isEmpty()) {
            sb.append('\'').append(lit.toString().replace("'", "''")).append('\'');
            lit.setLength(0);
        }
    }

    static String format(ZonedDateTime t, String layout) {
        String out = toJava(layout).format(t);
        if (layout.contains(".999999999")) {
            // Go trims trailing zeros of .999 fractions, and the dot when nothing remains
            out = out.replaceAll("\\.(\\d*?)0+(?=\\D|$)", ".$1").replaceAll("\\.(?=\\D|$)", "");
        }
        return out;
    }

    static ZonedDateTime parse(String layout, String value, ZoneId zone) {
        try {
            DateTimeFormatter f = toJava(layout).withZone(zone);
            java.time.temporal.TemporalAccessor ta = f.parseBest(value, ZonedDateTime::from, java.time.LocalDateTime::from,
                    java.time.LocalDate::from);
            if (ta instanceof ZonedDateTime z) {
                return z;
            }
            if (ta instanceof java.time.LocalDateTime l) {
                return l.atZone(zone);
            }
            return ((java.time.LocalDate) ta).atStartOfDay(zone);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("parsing time \"" + value + "\" as \"" + layout + "\": cannot parse");
        }
    }
}
