package ai.gatewayz.obs.alerts.server.api;

import ai.gatewayz.obs.alerts.AlertErrors;
import ai.gatewayz.obs.alerts.AlertStatus;
import ai.gatewayz.obs.alerts.model.Alert;
import ai.gatewayz.obs.alerts.model.Matchers;
import ai.gatewayz.obs.alerts.silence.Silence;
import ai.gatewayz.obs.alerts.silence.SilenceMatcher;
import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Conversions between the engine's model and the API v2 JSON shapes (go-swagger conventions). */
final class ApiJson {
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private ApiJson() {
    }

    /** strfmt.DateTime rendering: RFC 3339 in UTC with milliseconds. */
    static String time(long millis) {
        return GO_TIME.format(Instant.ofEpochMilli(millis));
    }

    /** Parses an RFC 3339 date-time; Go's zero time means absent (null). */
    static Long parseTime(String field, String s) {
        if (s == null || s.isEmpty() || s.startsWith("0001-01-01T00:00:00")) {
            return null;
        }
        long fast = fastUtcMillis(s);
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw CommonErrors.invalidParameter(field, s, "%s is not an RFC 3339 date-time");
        }
    }

    /**
     * The common sender format {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} without a general parser;
     * {@code Long.MIN_VALUE} for anything else (offsets, odd values), which then takes the general path.
     */
    static long fastUtcMillis(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return Long.MIN_VALUE;
        }
        int millis = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n - 21 < 1 || n - 21 > 9) {
                return Long.MIN_VALUE;
            }
            int frac = digits(s, 20, n - 21);
            if (frac < 0) {
                return Long.MIN_VALUE;
            }
            int len = n - 21;
            millis = len >= 3 ? frac / pow10(len - 3) : frac * pow10(3 - len);
        }
        if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return Long.MIN_VALUE;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return ((epochDay * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int pow10(int e) {
        int v = 1;
        for (int i = 0; i < e; i++) {
            v *= 10;
        }
        return v;
    }

    static Map<String, String> labels(Labels l) {
        return new TreeMap<>(l.toMap());
    }

    static Map<String, Object> gettableAlert(AlertStatus s) {
        Alert a = s.alert();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("annotations", new TreeMap<>(a.annotations()));
        m.put("endsAt", time(a.endsAt()));
        m.put("fingerprint", s.fingerprint());
        m.put("receivers", s.receivers().stream().map(r -> Map.of("name", r)).toList());
        m.put("startsAt", time(a.startsAt()));
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("inhibitedBy", s.inhibitedBy());
        status.put("mutedBy", List.of());
        status.put("silencedBy", s.silencedBy());
        status.put("state", s.state());
        m.put("status", status);
        m.put("updatedAt", time(a.updatedAt()));
        if (a.generatorURL() != null && !a.generatorURL().isEmpty()) {
            m.put("generatorURL", a.generatorURL());
        }
        m.put("labels", labels(a.labels()));
        return m;
    }

    static Map<String, Object> silence(Silence s, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("status", Map.of("state", s.state(now).name().toLowerCase(java.util.Locale.ROOT)));
        m.put("updatedAt", time(s.updatedAt()));
        m.put("comment", s.comment());
        m.put("createdBy", s.createdBy());
        m.put("endsAt", time(s.endsAt()));
        List<Map<String, Object>> ms = new ArrayList<>();
        for (SilenceMatcher x : s.matchers()) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("isEqual", x.isEqual());
            mm.put("isRegex", x.isRegex());
            mm.put("name", x.name());
            mm.put("value", x.value());
            ms.add(mm);
        }
        m.put("matchers", ms);
        m.put("startsAt", time(s.startsAt()));
        return m;
    }

    /** Parses repeated {@code filter} parameters; each may hold one or several matchers. */
    static List<LabelMatcher> filter(List<String> filters) {
        List<LabelMatcher> out = new ArrayList<>();
        if (filters == null) {
            return out;
        }
        for (String f : filters) {
            try {
                out.addAll(Matchers.parse(f));
            } catch (SuiteException e) {
                throw CommonErrors.invalidParameter("filter", f, "%s: " + e.getMessage());
            }
        }
        return out;
    }

    static Pattern receiver(String r) {
        if (r == null || r.isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile("^(?:" + r + ")$");
        } catch (PatternSyntaxException e) {
            throw CommonErrors.invalidParameter("receiver", r, "%s is not a valid regular expression");
        }
    }

    static boolean bool(String name, String v, boolean dflt) {
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        return switch (v) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw CommonErrors.invalidParameter(name, v, "%s is not a boolean");
        };
    }

    static void requireUuid(String id) {
        if (id == null || !id.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw AlertErrors.invalidSilenceId(id);
        }
    }
}
