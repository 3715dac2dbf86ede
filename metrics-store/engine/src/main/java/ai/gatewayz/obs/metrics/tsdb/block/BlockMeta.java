package ai.gatewayz.obs.metrics.tsdb.block;

import ai.gatewayz.obs.storage.io.CorruptDataException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code meta.json} of a block: its id, time range {@code [minTime, maxTime)} (maxTime
 * exclusive, milliseconds), counts, compaction level and the level-1 blocks it was made from.
 * Immutable. Format: docs/formats/block.md.
 */
public record BlockMeta(String id, long minTime, long maxTime, long numSeries, long numChunks, long numSamples,
        int level, List<String> sources) {
    public static final int VERSION = 1;

    public BlockMeta {
        sources = List.copyOf(sources);
    }

    public boolean overlaps(long mint, long maxt) {
        return minTime <= maxt && mint < maxTime;
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\n  \"version\": ").append(VERSION).append(",\n  \"id\": \"").append(id).append("\",\n")
                .append("  \"minTime\": ").append(minTime).append(",\n  \"maxTime\": ").append(maxTime).append(",\n")
                .append("  \"stats\": {\"numSeries\": ").append(numSeries).append(", \"numChunks\": ").append(numChunks)
                .append(", \"numSamples\": ").append(numSamples).append("},\n")
                .append("  \"compaction\": {\"level\": ").append(level).append(", \"sources\": [");
        for (int i = 0; i < sources.size(); i++) {
            sb.append(i == 0 ? "\"" : ", \"").append(sources.get(i)).append('"');
        }
        return sb.append("]}\n}\n").toString();
    }

    /** Parses what {@link #toJson()} writes (any JSON with these fields); {@code file} names errors. */
    @SuppressWarnings("unchecked")
    public static BlockMeta parse(String json, String file) {
        try {
            Map<String, Object> m = (Map<String, Object>) new MiniJson(json).value();
            long version = num(m.get("version"));
            if (version != VERSION) {
                throw new CorruptDataException("unsupported block version [file=" + file + ", version=" + version + "]");
            }
            Map<String, Object> stats = (Map<String, Object>) m.get("stats");
            Map<String, Object> comp = (Map<String, Object>) m.get("compaction");
            List<String> sources = new ArrayList<>();
            for (Object o : (List<Object>) comp.get("sources")) {
                sources.add((String) o);
            }
            return new BlockMeta((String) m.get("id"), num(m.get("minTime")), num(m.get("maxTime")), num(stats.get("numSeries")),
                    num(stats.get("numChunks")), num(stats.get("numSamples")), (int) num(comp.get("level")), sources);
        } catch (RuntimeException e) {
            if (e instanceof CorruptDataException c) {
                throw c;
            }
            throw new CorruptDataException("undecodable block meta [file=" + file + ", error=" + e + "]");
        }
    }

    private static long num(Object o) {
        if (o == null) {
            throw new IllegalArgumentException("missing field");
        }
        return (Long) o;
    }

    /** Just enough JSON: objects, arrays, strings without escapes beyond \" and \\, integers. */
    private static final class MiniJson {
        private final String s;
        private int i;

        MiniJson(String s) {
            this.s = s;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private void expect(char c) {
            ws();
            if (i >= s.length() || s.charAt(i) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i);
            }
            i++;
        }

        Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    String k = string();
                    expect(':');
                    m.put(k, value());
                    ws();
                    if (s.charAt(i++) == '}') {
                        return m;
                    }
                }
            }
            if (c == '[') {
                i++;
                List<Object> l = new ArrayList<>();
                ws();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    ws();
                    if (s.charAt(i++) == ']') {
                        return l;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            int start = i;
            while (i < s.length() && (s.charAt(i) == '-' || Character.isDigit(s.charAt(i)))) {
                i++;
            }
            return Long.parseLong(s.substring(start, i));
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (s.charAt(i) != '"') {
                char c = s.charAt(i++);
                sb.append(c == '\\' ? s.charAt(i++) : c);
            }
            i++;
            return sb.toString();
        }
    }
}
