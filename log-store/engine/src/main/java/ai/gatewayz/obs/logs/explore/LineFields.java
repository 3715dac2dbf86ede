package ai.gatewayz.obs.logs.explore;

import ai.gatewayz.obs.logs.logql.pipeline.LogfmtScanner;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Finds the fields of one log line the way {@code | json} and {@code | logfmt} would extract them:
 * a line that is a JSON object gives its scalar leaves (nested keys joined with {@code _}, arrays
 * skipped, as the json parser does) with their JSON path; any other line gives its logfmt pairs
 * with a value. One instance per request, used by one thread.
 */
public final class LineFields {
    /** Receives fields; {@code jsonPath} is null for logfmt. */
    public interface Sink {
        void field(String name, String value, String parser, List<String> jsonPath);
    }

    private static final JsonFactory JSON = new JsonFactory();
    private final LogfmtScanner logfmt = new LogfmtScanner();
    private final List<String> path = new ArrayList<>(8);

    public void parse(String line, Sink sink) {
        int i = 0;
        while (i < line.length() && line.charAt(i) <= ' ') {
            i++;
        }
        if (i < line.length() && line.charAt(i) == '{' && json(line, sink)) {
            return;
        }
        logfmt.scan(line, false, (k, v) -> {
            if (!v.isEmpty()) {
                sink.field(sanitize(k), v, "logfmt", null);
            }
        });
    }

    /** Emits the leaves of a JSON object line; false (having emitted nothing) when it is not valid JSON. */
    private boolean json(String line, Sink sink) {
        List<String[]> found = new ArrayList<>();
        List<List<String>> paths = new ArrayList<>();
        path.clear();
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            walkObject(p, found, paths);
            if (p.nextToken() != null) {
                return false;
            }
        } catch (JacksonException e) {
            return false;
        }
        for (int k = 0; k < found.size(); k++) {
            sink.field(found.get(k)[0], found.get(k)[1], "json", paths.get(k));
        }
        return true;
    }

    private void walkObject(JsonParser p, List<String[]> found, List<List<String>> paths) {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
            path.add(p.currentName());
            JsonToken v = p.nextToken();
            switch (v) {
                case START_OBJECT -> walkObject(p, found, paths);
                case START_ARRAY -> p.skipChildren();
                case VALUE_NULL -> {
                }
                case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                    found.add(new String[] {joinedName(), p.getString()});
                    paths.add(List.copyOf(path));
                }
                default -> {
                }
            }
            path.removeLast();
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IllegalStateException("unbalanced JSON object");
        }
    }

    private String joinedName() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            if (i > 0) {
                sb.append('_');
            }
            sb.append(path.get(i));
        }
        return sanitize(sb.toString());
    }

    /** A label name as the parsers make it: characters outside {@code [a-zA-Z0-9_]} become {@code _}, a leading digit gets one. */
    static String sanitize(String k) {
        StringBuilder sb = null;
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            boolean ok = c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (!ok) {
                if (sb == null) {
                    sb = new StringBuilder(k.substring(0, i));
                }
                sb.append('_');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        String s = sb == null ? k : sb.toString();
        return !s.isEmpty() && s.charAt(0) >= '0' && s.charAt(0) <= '9' ? "_" + s : s;
    }
}
