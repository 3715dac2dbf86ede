package ai.gatewayz.obs.logs.server.api;

import ai.gatewayz.obs.common.GoFloat;
import ai.gatewayz.obs.common.JsonStrings;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.logql.LogqlResult;
import ai.gatewayz.obs.logs.storage.IndexStats;
import ai.gatewayz.obs.logs.storage.LogEntry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes Loki's query API JSON by hand, in Loki's key order ({@code resultType},
 * {@code encodingFlags}, {@code result}, {@code stats}; {@code stream} before {@code values}), which
 * Grafana's streaming parser depends on (grafana-datasources.md §2.3). Entry timestamps are strings
 * of nanoseconds; sample timestamps are seconds with millisecond fraction; values are Go-formatted
 * strings. Stateless.
 */
public final class LokiJson {
    static final String CATEGORIZE_LABELS = "categorize-labels";

    private LokiJson() {
    }

    static String result(LogqlResult r, boolean categorize) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"status\":\"success\",\"data\":{\"resultType\":");
        switch (r) {
            case LogqlResult.Streams s -> {
                sb.append("\"streams\",");
                if (categorize) {
                    sb.append("\"encodingFlags\":[\"categorize-labels\"],");
                }
                sb.append("\"result\":[");
                streams(sb, s.streams(), categorize);
                sb.append(']');
            }
            case LogqlResult.Matrix m -> {
                sb.append("\"matrix\",\"result\":[");
                for (int i = 0; i < m.series().size(); i++) {
                    LogqlResult.Series s = m.series().get(i);
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append("{\"metric\":");
                    labels(sb, s.labels());
                    sb.append(",\"values\":[");
                    for (int j = 0; j < s.timestampsMillis().length; j++) {
                        if (j > 0) {
                            sb.append(',');
                        }
                        point(sb, s.timestampsMillis()[j], s.values()[j]);
                    }
                    sb.append("]}");
                }
                sb.append(']');
            }
            case LogqlResult.Vector v -> {
                sb.append("\"vector\",\"result\":[");
                for (int i = 0; i < v.samples().size(); i++) {
                    LogqlResult.Sample s = v.samples().get(i);
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append("{\"metric\":");
                    labels(sb, s.labels());
                    sb.append(",\"value\":");
                    point(sb, s.timestampMillis(), s.value());
                    sb.append('}');
                }
                sb.append(']');
            }
            case LogqlResult.Scalar s -> {
                sb.append("\"scalar\",\"result\":");
                point(sb, s.timestampMillis(), s.value());
            }
        }
        return sb.append(",\"stats\":{}}}").toString();
    }

    private static void streams(StringBuilder sb, List<LogqlResult.Stream> streams, boolean categorize) {
        for (int i = 0; i < streams.size(); i++) {
            LogqlResult.Stream s = streams.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"stream\":");
            labels(sb, categorize ? indexLabels(s) : s.labels());
            sb.append(",\"values\":[");
            for (int j = 0; j < s.entries().size(); j++) {
                LogEntry e = s.entries().get(j);
                if (j > 0) {
                    sb.append(',');
                }
                sb.append("[\"").append(e.timestampNanos()).append("\",");
                JsonStrings.appendGo(sb, e.line());
                if (categorize) {
                    sb.append(",{");
                    boolean any = false;
                    if (!e.metadata().isEmpty()) {
                        sb.append("\"structuredMetadata\":");
                        labels(sb, e.metadata());
                        any = true;
                    }
                    Labels parsed = parsed(s, j);
                    if (!parsed.isEmpty()) {
                        if (any) {
                            sb.append(',');
                        }
                        sb.append("\"parsed\":");
                        labels(sb, parsed);
                    }
                    sb.append('}');
                }
                sb.append(']');
            }
            sb.append("]}");
        }
    }

    private static Labels parsed(LogqlResult.Stream s, int j) {
        List<Labels> p = s.parsedPerEntry();
        return p == null || j >= p.size() || p.get(j) == null ? Labels.EMPTY : p.get(j);
    }

    /** The stream's labels without the names any entry carries as structured metadata or parsed labels. */
    static Labels indexLabels(LogqlResult.Stream s) {
        Set<String> drop = new HashSet<>();
        for (int j = 0; j < s.entries().size(); j++) {
            Labels md = s.entries().get(j).metadata();
            for (int k = 0; k < md.size(); k++) {
                drop.add(md.name(k));
            }
            Labels p = parsed(s, j);
            for (int k = 0; k < p.size(); k++) {
                drop.add(p.name(k));
            }
        }
        if (drop.isEmpty()) {
            return s.labels();
        }
        Labels.Builder b = s.labels().toBuilder();
        drop.forEach(b::del);
        return b.build();
    }

    public static void labels(StringBuilder sb, Labels l) {
        sb.append('{');
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            JsonStrings.appendGo(sb, l.name(i));
            sb.append(':');
            JsonStrings.appendGo(sb, l.value(i));
        }
        sb.append('}');
    }

    public static void point(StringBuilder sb, long ms, double v) {
        sb.append('[');
        if (ms < 0) {
            sb.append('-');
            ms = -ms;
        }
        sb.append(ms / 1000);
        long frac = ms % 1000;
        if (frac != 0) {
            sb.append('.');
            if (frac < 100) {
                sb.append('0');
            }
            if (frac < 10) {
                sb.append('0');
            }
            sb.append(frac);
        }
        sb.append(",\"").append(GoFloat.formatPlain(v)).append("\"]");
    }

    public static String strings(List<String> values) {
        StringBuilder sb = new StringBuilder("{\"status\":\"success\",\"data\":[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            JsonStrings.appendGo(sb, values.get(i));
        }
        return sb.append("]}").toString();
    }

    static String series(List<Labels> series) {
        StringBuilder sb = new StringBuilder("{\"status\":\"success\",\"data\":[");
        for (int i = 0; i < series.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            labels(sb, series.get(i));
        }
        return sb.append("]}").toString();
    }

    static String stats(IndexStats s) {
        return "{\"streams\":" + s.streams() + ",\"chunks\":" + s.chunks() + ",\"bytes\":" + s.bytes() + ",\"entries\":"
                + s.entries() + "}";
    }

    static String formatted(String q) {
        StringBuilder sb = new StringBuilder("{\"status\":\"success\",\"data\":");
        JsonStrings.appendGo(sb, q);
        return sb.append('}').toString();
    }
}
