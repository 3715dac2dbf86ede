package ai.gatewayz.obs.alerts.notify;

import ai.gatewayz.obs.common.JsonStrings;
import ai.gatewayz.obs.common.Labels;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Minimal JSON writing for the webhook payload (keeps the engine free of a JSON library). */
public final class Json {
    private Json() {
    }

    /** A JSON string as Alertmanager (Go's encoding/json) writes it. */
    public static void str(StringBuilder sb, String s) {
        JsonStrings.appendGo(sb, s);
    }

    public static void labels(StringBuilder sb, Labels l) {
        sb.append('{');
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            str(sb, l.name(i));
            sb.append(':');
            str(sb, l.value(i));
        }
        sb.append('}');
    }

    public static void map(StringBuilder sb, Map<String, String> m) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(m).entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            str(sb, e.getKey());
            sb.append(':');
            str(sb, e.getValue());
        }
        sb.append('}');
    }

    /**
     * RFC 3339 as Go's encoding/json prints time.Time (RFC3339Nano: trailing fraction zeros dropped);
     * 0 is Go's zero time {@code 0001-01-01T00:00:00Z}.
     */
    public static String time(long millis) {
        if (millis == 0) {
            return "0001-01-01T00:00:00Z";
        }
        long secs = Math.floorDiv(millis, 1000L);
        int ms = (int) Math.floorMod(millis, 1000L);
        java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(secs, 0, java.time.ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            return SECONDS.format(Instant.ofEpochMilli(millis)) + fraction(ms) + "Z";
        }
        StringBuilder sb = new StringBuilder(24);
        pad(sb, year, 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        return sb.append(fraction(ms)).append('Z').toString();
    }

    /** Go's RFC3339Nano fraction of whole milliseconds: "" for 0, else trailing zeros dropped. */
    private static String fraction(int ms) {
        if (ms == 0) {
            return "";
        }
        if (ms % 100 == 0) {
            return "." + (ms / 100);
        }
        if (ms % 10 == 0) {
            return ms < 100 ? ".0" + (ms / 10) : "." + (ms / 10);
        }
        return ms < 10 ? ".00" + ms : ms < 100 ? ".0" + ms : "." + ms;
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String d = Integer.toString(v);
        for (int i = d.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(d);
    }

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(java.time.ZoneOffset.UTC);

    /** The webhook body, version 4. */
    public static String webhook(Notification n) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("{\"receiver\":");
        str(sb, n.receiver());
        sb.append(",\"status\":");
        str(sb, n.status());
        sb.append(",\"alerts\":[");
        for (int i = 0; i < n.alerts().size(); i++) {
            Notification.Item a = n.alerts().get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"status\":");
            str(sb, a.status());
            sb.append(",\"labels\":");
            labels(sb, a.labels());
            sb.append(",\"annotations\":");
            map(sb, a.annotations());
            sb.append(",\"startsAt\":");
            str(sb, time(a.startsAt()));
            sb.append(",\"endsAt\":");
            str(sb, time(a.endsAt()));
            sb.append(",\"generatorURL\":");
            str(sb, a.generatorURL() == null ? "" : a.generatorURL());
            sb.append(",\"fingerprint\":");
            str(sb, a.fingerprint());
            sb.append('}');
        }
        sb.append("],\"groupLabels\":");
        labels(sb, n.groupLabels());
        sb.append(",\"commonLabels\":");
        labels(sb, n.commonLabels());
        sb.append(",\"commonAnnotations\":");
        map(sb, n.commonAnnotations());
        sb.append(",\"externalURL\":");
        str(sb, n.externalURL());
        sb.append(",\"version\":\"4\",\"groupKey\":");
        str(sb, n.groupKey());
        sb.append(",\"truncatedAlerts\":").append(n.truncatedAlerts()).append('}');
        return sb.toString();
    }
}
