package ai.gatewayz.obs.traces.search;

import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.SpanEvent;
import ai.gatewayz.obs.traces.model.SpanLink;
import ai.gatewayz.obs.traces.storage.TraceQuerier;
import ai.gatewayz.obs.traces.traceql.SpansetMatch;
import ai.gatewayz.obs.traces.traceql.TraceqlQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Tag discovery for {@code /api/v2/search/tags} and {@code .../tag/<tag>/values}: scans the traces
 * in range (optionally only spans matching a TraceQL filter) and collects attribute names per scope
 * and typed values. Stateless.
 */
public final class TagCatalog {
    public static final List<String> SCOPES = List.of("resource", "span", "event", "link", "instrumentation");
    public static final List<String> INTRINSICS = List.of("duration", "event:name", "event:timeSinceStart", "instrumentation:name",
            "instrumentation:version", "kind", "link:spanID", "link:traceID", "name", "rootName", "rootServiceName", "span:id",
            "span:parentID", "status", "statusMessage", "trace:id", "traceDuration", "nestedSetLeft", "nestedSetRight",
            "nestedSetParent");

    private TagCatalog() {
    }

    /** A typed tag value: type is string, int, float, bool, duration, status or kind. */
    public record TagValue(String type, String value) implements Comparable<TagValue> {
        @Override
        public int compareTo(TagValue o) {
            int c = type.compareTo(o.type);
            return c != 0 ? c : value.compareTo(o.value);
        }
    }

    /** Attribute names per scope (sorted), over spans matching {@code filter} (null = all). */
    public static Map<String, TreeSet<String>> tags(TraceQuerier q, String tenant, long start, long end, TraceqlQuery filter, int limit) {
        Map<String, TreeSet<String>> out = new LinkedHashMap<>();
        SCOPES.forEach(s -> out.put(s, new TreeSet<>()));
        q.scan(tenant, start, end, (id, spans) -> {
            for (Span s : spansOf(spans, filter)) {
                s.resource().attributes().forEach(a -> add(out.get("resource"), a.key(), limit));
                s.attributes().forEach(a -> add(out.get("span"), a.key(), limit));
                s.scope().attributes().forEach(a -> add(out.get("instrumentation"), a.key(), limit));
                for (SpanEvent e : s.events()) {
                    e.attributes().forEach(a -> add(out.get("event"), a.key(), limit));
                }
                for (SpanLink l : s.links()) {
                    l.attributes().forEach(a -> add(out.get("link"), a.key(), limit));
                }
            }
            return true;
        });
        return out;
    }

    private static void add(TreeSet<String> set, String v, int limit) {
        if (set.size() < limit || set.contains(v)) {
            set.add(v);
        }
    }

    private static List<Span> spansOf(List<Span> trace, TraceqlQuery filter) {
        if (filter == null) {
            return trace;
        }
        List<Span> out = new ArrayList<>();
        for (SpansetMatch m : filter.match(trace)) {
            out.addAll(m.spans());
        }
        return out;
    }

    /**
     * Values of a tag: {@code resource.x}, {@code span.x}, {@code .x} (span or resource), another
     * scope's attribute, or an intrinsic ({@code name}, {@code status}, {@code kind}, ...).
     */
    public static TreeSet<TagValue> values(TraceQuerier q, String tenant, String tag, long start, long end, TraceqlQuery filter,
            int limit) {
        TreeSet<TagValue> out = new TreeSet<>();
        String scope;
        String name;
        int dot = tag.indexOf('.');
        if (tag.startsWith(".")) {
            scope = "";
            name = tag.substring(1);
        } else if (dot > 0 && SCOPES.contains(tag.substring(0, dot))) {
            scope = tag.substring(0, dot);
            name = tag.substring(dot + 1);
        } else if (INTRINSICS.contains(tag)) {
            scope = "intrinsic";
            name = tag;
        } else {
            scope = "";
            name = tag;
        }
        q.scan(tenant, start, end, (id, spans) -> {
            for (Span s : spansOf(spans, filter)) {
                if (out.size() >= limit) {
                    return false;
                }
                switch (scope) {
                    case "resource" -> addAttr(out, s.resource().attributes(), name);
                    case "span" -> addAttr(out, s.attributes(), name);
                    case "instrumentation" -> addAttr(out, s.scope().attributes(), name);
                    case "event" -> s.events().forEach(e -> addAttr(out, e.attributes(), name));
                    case "link" -> s.links().forEach(l -> addAttr(out, l.attributes(), name));
                    case "intrinsic" -> intrinsic(out, s, name);
                    default -> {
                        addAttr(out, s.attributes(), name);
                        addAttr(out, s.resource().attributes(), name);
                    }
                }
            }
            return true;
        });
        return out;
    }

    private static void addAttr(TreeSet<TagValue> out, List<Attr> attrs, String name) {
        AttrValue v = Attr.find(attrs, name);
        if (v == null) {
            return;
        }
        String type = switch (v.type()) {
            case INT -> "int";
            case DOUBLE -> "float";
            case BOOL -> "bool";
            default -> "string";
        };
        if (v.type() != AttrValue.Type.EMPTY) {
            out.add(new TagValue(type, v.asText()));
        }
    }

    private static void intrinsic(TreeSet<TagValue> out, Span s, String name) {
        switch (name) {
            case "name" -> out.add(new TagValue("string", s.name()));
            case "status" -> out.add(new TagValue("keyword", s.statusCode() == 1 ? "ok" : s.statusCode() == 2 ? "error" : "unset"));
            case "kind" -> out.add(new TagValue("keyword", new String[] {"unspecified", "internal", "server", "client", "producer",
                "consumer"}[Math.min(5, Math.max(0, s.kind()))]));
            case "statusMessage" -> {
                if (!s.statusMessage().isEmpty()) {
                    out.add(new TagValue("string", s.statusMessage()));
                }
            }
            case "rootName" -> {
                if (s.isRoot()) {
                    out.add(new TagValue("string", s.name()));
                }
            }
            case "rootServiceName" -> {
                if (s.isRoot()) {
                    out.add(new TagValue("string", s.resource().serviceName()));
                }
            }
            case "event:name" -> s.events().forEach(e -> out.add(new TagValue("string", e.name())));
            case "instrumentation:name" -> out.add(new TagValue("string", s.scope().name()));
            case "instrumentation:version" -> out.add(new TagValue("string", s.scope().version()));
            default -> {
            }
        }
    }
}
