package ai.gatewayz.obs.logs.explore;

import ai.gatewayz.obs.common.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Accumulates the fields of sampled entries for {@code /detected_fields} and
 * {@code /detected_field/<name>/values}: structured metadata (reported with no parser) and the json
 * or logfmt fields of each line, with exact distinct-value counts (capped per field, so memory is
 * bounded by the sample size). Internal names ({@code __error__}...) are skipped. Not thread-safe:
 * one instance per request.
 */
public final class FieldDetector {
    static final int MAX_VALUES_PER_FIELD = 10_000;

    private final LineFields lines = new LineFields();
    private final Map<String, Acc> fields = new TreeMap<>();

    private static final class Acc {
        FieldType type;
        final Set<String> values = new HashSet<>();
        final Set<String> parsers = new TreeSet<>();
        boolean metadata;
        List<String> jsonPath;
    }

    /** Adds one entry: its structured metadata and the fields of its line. */
    public void add(String line, Labels metadata) {
        for (int i = 0; i < metadata.size(); i++) {
            Acc a = acc(metadata.name(i), metadata.value(i));
            if (a != null) {
                a.metadata = true;
            }
        }
        lines.parse(line, (name, value, parser, jsonPath) -> {
            Acc a = acc(name, value);
            if (a != null) {
                a.parsers.add(parser);
                if (jsonPath != null && a.jsonPath == null) {
                    a.jsonPath = jsonPath;
                }
            }
        });
    }

    private Acc acc(String name, String value) {
        if (name.isEmpty() || name.startsWith("__")) {
            return null;
        }
        Acc a = fields.computeIfAbsent(name, n -> new Acc());
        FieldType t = FieldType.of(value);
        a.type = a.type == null ? t : a.type.widen(t);
        if (a.values.size() < MAX_VALUES_PER_FIELD) {
            a.values.add(value);
        }
        return a;
    }

    /** The fields found, sorted by name, at most {@code limit}. */
    public List<DetectedField> fields(int limit) {
        List<DetectedField> out = new ArrayList<>(Math.min(limit, fields.size()));
        for (Map.Entry<String, Acc> e : fields.entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            Acc a = e.getValue();
            List<String> parsers = a.parsers.isEmpty() ? null : List.copyOf(a.parsers);
            out.add(new DetectedField(e.getKey(), a.type, a.values.size(), parsers, a.jsonPath));
        }
        return out;
    }

    /** Sorted distinct values seen for {@code name}, at most {@code limit}. */
    public List<String> values(String name, int limit) {
        Acc a = fields.get(name);
        if (a == null) {
            return List.of();
        }
        List<String> v = new ArrayList<>(new TreeSet<>(a.values));
        return v.size() > limit ? v.subList(0, limit) : v;
    }

    /** Field names seen so far with their parsers, for tests. */
    Map<String, Set<String>> parsersByField() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        fields.forEach((k, v) -> m.put(k, v.parsers));
        return m;
    }
}
