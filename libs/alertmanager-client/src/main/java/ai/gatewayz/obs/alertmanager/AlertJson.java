package ai.gatewayz.obs.alertmanager;

import ai.gatewayz.obs.common.JsonStrings;
import ai.gatewayz.obs.common.Labels;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON body of {@code POST /api/v2/alerts} as Prometheus writes it: an array of
 * {@code {labels, annotations, startsAt, endsAt, generatorURL}} with RFC 3339 millisecond
 * timestamps (Go's strfmt.DateTime). Stateless.
 */
public final class AlertJson {
    private static final DateTimeFormatter RFC3339_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private AlertJson() {
    }

    public static String rfc3339Millis(long ms) {
        return RFC3339_MILLIS.format(Instant.ofEpochMilli(ms));
    }

    public static String encode(List<PostableAlert> alerts) {
        StringBuilder sb = new StringBuilder(256 * alerts.size()).append('[');
        for (int i = 0; i < alerts.size(); i++) {
            PostableAlert a = alerts.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"annotations\":");
            map(sb, new TreeMap<>(a.annotations()));
            if (a.endsAtMs() != 0) {
                sb.append(",\"endsAt\":\"").append(rfc3339Millis(a.endsAtMs())).append('"');
            }
            if (a.startsAtMs() != 0) {
                sb.append(",\"startsAt\":\"").append(rfc3339Millis(a.startsAtMs())).append('"');
            }
            sb.append(",\"generatorURL\":");
            str(sb, a.generatorURL() == null ? "" : a.generatorURL());
            sb.append(",\"labels\":");
            map(sb, labelsMap(a.labels()));
            sb.append('}');
        }
        return sb.append(']').toString();
    }

    private static Map<String, String> labelsMap(Labels l) {
        return new TreeMap<>(l.toMap());
    }

    private static void map(StringBuilder sb, Map<String, String> m) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : m.entrySet()) {
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

    /** JSON string with the escapes Go's encoder uses (including HTML-safe &lt; &gt; &amp;). */
    public static void str(StringBuilder sb, String s) {
        JsonStrings.appendGo(sb, s);
    }
}
