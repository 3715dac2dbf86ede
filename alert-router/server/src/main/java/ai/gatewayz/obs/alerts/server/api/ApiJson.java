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
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw CommonErrors.invalidParameter(field, s, "%s is not an RFC 3339 date-time");
        }
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
