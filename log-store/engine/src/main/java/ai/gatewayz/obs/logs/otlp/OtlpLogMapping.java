package ai.gatewayz.obs.logs.otlp;

import ai.gatewayz.obs.logs.ingest.Discovery;
import ai.gatewayz.obs.logs.ingest.RawStream;
import ai.gatewayz.obs.otlp.AnyValues;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps OTLP logs to Loki streams as Loki 3 does by default: the resource attributes of its default
 * list become index labels (names with {@code .} and other invalid characters turned into
 * {@code _}), every other resource attribute, the scope's name, version and attributes, and the
 * record's attributes become structured metadata, as do {@code severity_text},
 * {@code severity_number}, {@code trace_id}, {@code span_id} (lower-case hex), {@code flags} and
 * {@code event_name}; a record with a severity number but no text gets its {@code detected_level}
 * from the number. The body is the line (non-string bodies as JSON). Timestamps are the record's
 * time, else its observed time, else {@code nowNanos}. Stateless.
 */
public final class OtlpLogMapping {
    /** Loki's default {@code otlp_config} resource attributes that are index labels. */
    public static final List<String> DEFAULT_INDEX_ATTRIBUTES = List.of("cloud.availability_zone", "cloud.region",
            "container.name", "deployment.environment", "deployment.environment.name", "k8s.cluster.name",
            "k8s.container.name", "k8s.cronjob.name", "k8s.daemonset.name", "k8s.deployment.name", "k8s.job.name",
            "k8s.namespace.name", "k8s.pod.name", "k8s.replicaset.name", "k8s.statefulset.name", "service.instance.id",
            "service.name", "service.namespace");
    private static final Set<String> INDEXED = Set.copyOf(DEFAULT_INDEX_ATTRIBUTES);
    private static final HexFormat HEX = HexFormat.of();

    private OtlpLogMapping() {
    }

    /** The streams of one export, one per resource (records of a resource share its index labels). */
    public static List<RawStream> streams(ExportLogsServiceRequest req, long nowNanos) {
        List<RawStream> out = new ArrayList<>(req.getResourceLogsCount());
        for (ResourceLogs rl : req.getResourceLogsList()) {
            Map<String, String> index = new LinkedHashMap<>();
            List<String[]> resourceMd = new ArrayList<>();
            for (KeyValue kv : rl.getResource().getAttributesList()) {
                String name = labelName(kv.getKey());
                if (INDEXED.contains(kv.getKey())) {
                    index.put(name, AnyValues.text(kv.getValue()));
                } else {
                    flatten(name, kv.getValue(), resourceMd);
                }
            }
            if (!index.containsKey("service_name")) {
                // Loki always indexes a service name; without one the stream is "unknown_service"
                index.put("service_name", "unknown_service");
            }
            List<String[]> pairs = new ArrayList<>(index.size());
            index.forEach((k, v) -> pairs.add(new String[] {k, v}));
            List<RawStream.RawEntry> entries = new ArrayList<>();
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                List<String[]> scopeMd = scope(sl.getScope());
                for (LogRecord r : sl.getLogRecordsList()) {
                    entries.add(entry(r, resourceMd, scopeMd, nowNanos));
                }
            }
            if (!entries.isEmpty()) {
                out.add(new RawStream(null, pairs, entries));
            }
        }
        return out;
    }

    private static List<String[]> scope(InstrumentationScope s) {
        List<String[]> md = new ArrayList<>(2);
        if (!s.getName().isEmpty()) {
            md.add(new String[] {"scope_name", s.getName()});
        }
        if (!s.getVersion().isEmpty()) {
            md.add(new String[] {"scope_version", s.getVersion()});
        }
        for (KeyValue kv : s.getAttributesList()) {
            flatten(labelName(kv.getKey()), kv.getValue(), md);
        }
        return md;
    }

    private static RawStream.RawEntry entry(LogRecord r, List<String[]> resourceMd, List<String[]> scopeMd, long nowNanos) {
        long ts = r.getTimeUnixNano() != 0 ? r.getTimeUnixNano()
                : r.getObservedTimeUnixNano() != 0 ? r.getObservedTimeUnixNano() : nowNanos;
        Map<String, String> md = new LinkedHashMap<>();
        for (String[] p : resourceMd) {
            md.put(p[0], p[1]);
        }
        for (String[] p : scopeMd) {
            md.put(p[0], p[1]);
        }
        List<String[]> attrs = new ArrayList<>();
        for (KeyValue kv : r.getAttributesList()) {
            flatten(labelName(kv.getKey()), kv.getValue(), attrs);
        }
        for (String[] p : attrs) {
            md.put(p[0], p[1]);
        }
        if (!r.getSeverityText().isEmpty()) {
            md.put("severity_text", r.getSeverityText());
        }
        if (r.getSeverityNumberValue() != 0) {
            md.put("severity_number", Integer.toString(r.getSeverityNumberValue()));
            if (r.getSeverityText().isEmpty()) {
                // without a text the number decides the level; with one, ingest discovery reads the text
                md.put(Discovery.DETECTED_LEVEL, level(r.getSeverityNumberValue()));
            }
        }
        if (!r.getTraceId().isEmpty()) {
            md.put("trace_id", HEX.formatHex(r.getTraceId().toByteArray()));
        }
        if (!r.getSpanId().isEmpty()) {
            md.put("span_id", HEX.formatHex(r.getSpanId().toByteArray()));
        }
        if (r.getFlags() != 0) {
            md.put("flags", Integer.toUnsignedString(r.getFlags()));
        }
        if (!r.getEventName().isEmpty()) {
            md.put("event_name", r.getEventName());
        }
        List<String[]> pairs = new ArrayList<>(md.size());
        md.forEach((k, v) -> {
            if (!v.isEmpty()) {
                pairs.add(new String[] {k, v});
            }
        });
        return new RawStream.RawEntry(ts, AnyValues.text(r.getBody()), pairs);
    }

    /** The detected level of an OTLP severity number (1-4 trace, 5-8 debug, 9-12 info, 13-16 warn, 17-20 error, 21-24 fatal). */
    static String level(int severityNumber) {
        if (severityNumber <= 0) {
            return "unknown";
        }
        return switch ((Math.min(severityNumber, 24) - 1) / 4) {
            case 0 -> "trace";
            case 1 -> "debug";
            case 2 -> "info";
            case 3 -> "warn";
            case 4 -> "error";
            default -> "critical";
        };
    }

    /** A map value becomes one metadata entry per leaf, names joined with {@code _}; other values one entry. */
    private static void flatten(String name, AnyValue v, List<String[]> out) {
        if (v.hasKvlistValue()) {
            for (KeyValue kv : v.getKvlistValue().getValuesList()) {
                flatten(name + "_" + labelName(kv.getKey()), kv.getValue(), out);
            }
        } else {
            out.add(new String[] {name, AnyValues.text(v)});
        }
    }

    /** An attribute name as a label name: characters outside {@code [a-zA-Z0-9_]} become {@code _}. */
    public static String labelName(String key) {
        StringBuilder sb = new StringBuilder(key.length() + 1);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            sb.append(ok ? c : '_');
        }
        if (!sb.isEmpty() && sb.charAt(0) >= '0' && sb.charAt(0) <= '9') {
            sb.insert(0, '_');
        }
        return sb.toString();
    }
}
