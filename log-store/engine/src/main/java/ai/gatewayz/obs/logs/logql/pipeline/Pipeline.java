package ai.gatewayz.obs.logs.logql.pipeline;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.logql.ast.LabelFilter;
import ai.gatewayz.obs.logs.logql.ast.Stage;
import ai.gatewayz.obs.logs.logql.parser.Regexes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled pipeline: runs the stages of a log query over one entry at a time. Reuses its label
 * state, scanners and buffers across entries; one instance per query, used by one thread.
 */
public final class Pipeline {
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*[a-zA-Z]");

    private interface Step {
        boolean apply(Pipeline p);
    }

    private final Step[] steps;
    private final LabelState state = new LabelState();
    private final LabelFilters filters = new LabelFilters();
    private final LogqlTemplates templates = new LogqlTemplates();
    private final JsonScanner json = new JsonScanner();
    private final LogfmtScanner logfmt = new LogfmtScanner();
    private final Set<String> extractedThisStage = new HashSet<>();
    private String line;
    private long ts;

    public Pipeline(List<Stage> stages) {
        List<Step> out = new ArrayList<>(stages.size());
        for (Stage s : stages) {
            out.add(compile(s));
        }
        steps = out.toArray(new Step[0]);
    }

    /** Runs the pipeline on one entry; false when a stage drops it. Results via {@link #line()} and {@link #state()}. */
    public boolean process(Labels stream, long timestampNanos, String entryLine, Labels metadata) {
        state.reset(stream, metadata);
        line = entryLine;
        ts = timestampNanos;
        for (Step s : steps) {
            if (!s.apply(this)) {
                return false;
            }
        }
        return true;
    }

    public String line() {
        return line;
    }

    public LabelState state() {
        return state;
    }

    /** Applies label filters (the ones after an unwrap) to the current state. */
    public boolean test(LabelFilter f) {
        return filters.test(f, state);
    }

    public static int byteLength(String s) {
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ stages

    private Step compile(Stage s) {
        return switch (s) {
            case Stage.LineFilter f -> lineFilter(f);
            case Stage.Json j -> j.params().isEmpty() ? p -> p.jsonAll() : jsonParams(j.params());
            case Stage.Logfmt l -> logfmt(l);
            case Stage.Regexp r -> regexp(r.regex());
            case Stage.Pattern pt -> pattern(pt.pattern());
            case Stage.Unpack u -> p -> p.unpack();
            case Stage.Decolorize d -> p -> {
                if (p.line.indexOf('\u001b') >= 0) {
                    p.line = ANSI.matcher(p.line).replaceAll("");
                }
                return true;
            };
            case Stage.LabelFilterStage lf -> p -> p.filters.test(lf.filter(), p.state);
            case Stage.LineFormat lf -> lineFormat(lf.template());
            case Stage.LabelFormat lf -> labelFormat(lf.formats());
            case Stage.Drop d -> p -> {
                for (Stage.NamedMatcher m : d.labels()) {
                    if (!p.state.has(m.name())) {
                        continue;
                    }
                    if (m.matcher() == null || m.matcher().matches(p.state.get(m.name()))) {
                        p.state.delete(m.name());
                    }
                }
                return true;
            };
            case Stage.Keep k -> p -> {
                p.state.retain((name, value) -> {
                    for (Stage.NamedMatcher m : k.labels()) {
                        if (m.name().equals(name) && (m.matcher() == null || m.matcher().matches(value))) {
                            return true;
                        }
                    }
                    return false;
                });
                return true;
            };
            case Stage.Distinct d -> distinct(d.labels());
        };
    }

    private Step lineFilter(Stage.LineFilter f) {
        int n = f.values().size();
        boolean negative = f.op().negative();
        java.util.function.Predicate<String>[] tests = newArray(n);
        for (int i = 0; i < n; i++) {
            Stage.FilterValue v = f.values().get(i);
            if (v.ip()) {
                IpMatcher ip = IpMatcher.compile(v.value());
                tests[i] = ip::matchesLine;
                continue;
            }
            switch (f.op()) {
                case CONTAINS, NOT_CONTAINS -> {
                    String needle = v.value();
                    tests[i] = l -> l.contains(needle);
                }
                case REGEX, NOT_REGEX -> tests[i] = regexTest(v.value());
                case PATTERN, NOT_PATTERN -> {
                    PatternMatcher pm = PatternMatcher.compile(v.value(), false);
                    tests[i] = l -> pm.match(l, null, true);
                }
            }
        }
        return p -> {
            boolean any = false;
            for (var t : tests) {
                if (t.test(p.line)) {
                    any = true;
                    break;
                }
            }
            return negative != any;
        };
    }

    /**
     * A line regex, with Loki's shortcuts for the common forms: a plain literal is a substring
     * search, and {@code (?i)literal} an ASCII case-insensitive search that falls back to the regex
     * only for lines with non-ASCII characters (where Unicode case folding could match, e.g. the
     * Kelvin sign for k), so the answer is the regex's answer.
     */
    static java.util.function.Predicate<String> regexTest(String regex) {
        Matcher m = Regexes.compile(regex, Pattern.DOTALL).pattern().matcher("");
        boolean folded = regex.startsWith("(?i)");
        String lit = folded ? regex.substring(4) : regex;
        if (lit.isEmpty() || !isLiteral(lit)) {
            return l -> m.reset(l).find();
        }
        if (!folded) {
            return l -> l.contains(lit);
        }
        char[] lower = lit.toLowerCase(java.util.Locale.ROOT).toCharArray();
        return l -> containsAsciiIgnoreCase(l, lower) || hasNonAscii(l) && m.reset(l).find();
    }

    /** The lower-cased literal of a {@code (?i)literal} regex (searched ignoring ASCII case), or null for any other regex. */
    public static String foldedLiteral(String regex) {
        if (!regex.startsWith("(?i)")) {
            return null;
        }
        String lit = regex.substring(4);
        return lit.isEmpty() || !isLiteral(lit) ? null : lit.toLowerCase(java.util.Locale.ROOT);
    }

    static boolean isLiteral(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || "\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code lower} is ASCII and lower case; letters of {@code s} match either case, other characters exactly. */
    static boolean containsAsciiIgnoreCase(String s, char[] lower) {
        int m = lower.length;
        char first = lower[0];
        for (int i = 0, last = s.length() - m; i <= last; i++) {
            if (fold(s.charAt(i)) != first) {
                continue;
            }
            int j = 1;
            while (j < m && fold(s.charAt(i + j)) == lower[j]) {
                j++;
            }
            if (j == m) {
                return true;
            }
        }
        return false;
    }

    private static char fold(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : c;
    }

    private static boolean hasNonAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static <T> T[] newArray(int n) {
        return (T[]) new java.util.function.Predicate[n];
    }

    static String sanitize(CharSequence key) {
        int n = key.length();
        boolean ok = n > 0 && !(key.charAt(0) >= '0' && key.charAt(0) <= '9');
        for (int i = 0; ok && i < n; i++) {
            char c = key.charAt(i);
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }
        if (ok) {
            return key.toString();
        }
        StringBuilder sb = new StringBuilder(n + 1);
        if (n > 0 && key.charAt(0) >= '0' && key.charAt(0) <= '9') {
            sb.append('_');
        }
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            sb.append(valid ? c : '_');
        }
        return sb.toString();
    }

    private void extracted(CharSequence rawKey, String value) {
        String key = sanitize(rawKey);
        if (key.isEmpty() || !extractedThisStage.add(key)) {
            return;
        }
        state.setParsed(key, value);
    }

    private boolean jsonAll() {
        extractedThisStage.clear();
        String err = json.flatten(line, this::extracted);
        if (err != null) {
            state.setError("JSONParserErr", err);
        }
        return true;
    }

    private Step jsonParams(List<Stage.Param> params) {
        int n = params.size();
        String[] names = new String[n];
        List<List<Object>> paths = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names[i] = params.get(i).name();
            paths.add(JsonPaths.parse(params.get(i).expression()));
        }
        return p -> {
            Object tree;
            try {
                tree = JsonScanner.parseTree(p.line);
            } catch (IllegalArgumentException e) {
                p.state.setError("JSONParserErr", e.getMessage());
                return true;
            }
            for (int i = 0; i < n; i++) {
                Object v = tree;
                for (Object step : paths.get(i)) {
                    if (step instanceof String k && v instanceof Map<?, ?> m) {
                        v = m.get(k);
                    } else if (step instanceof Integer idx && v instanceof List<?> l && idx >= 0 && idx < l.size()) {
                        v = l.get(idx);
                    } else {
                        v = null;
                        break;
                    }
                }
                String value = v == null ? "" : v instanceof String s ? s : v instanceof JsonScanner.Raw r ? r.text() : JsonScanner.render(v);
                p.state.setParsed(names[i], value);
            }
            return true;
        };
    }

    private Step logfmt(Stage.Logfmt l) {
        java.util.Map<String, String> wanted = new java.util.HashMap<>();
        for (Stage.Param prm : l.params()) {
            wanted.put(prm.expression(), prm.name());
        }
        boolean keepEmpty = l.keepEmpty();
        boolean strict = l.strict();
        return p -> {
            p.extractedThisStage.clear();
            String err = p.logfmt.scan(p.line, strict, (k, v) -> {
                if (v.isEmpty() && !keepEmpty) {
                    return;
                }
                if (!wanted.isEmpty()) {
                    String as = wanted.get(k);
                    if (as != null && p.extractedThisStage.add(as)) {
                        p.state.setParsed(as, v);
                    }
                    return;
                }
                String key = sanitize(k);
                if (key.isEmpty() || !p.extractedThisStage.add(key)) {
                    return;
                }
                // an empty value means "absent" in the suite's Labels, so --keep-empty keeps nothing visible
                p.state.setParsed(key, v);
            });
            if (err != null) {
                p.state.setError("LogfmtParserErr", err);
            }
            return true;
        };
    }

    private Step regexp(String regex) {
        Regexes.Compiled c = Regexes.compile(regex, 0);
        Matcher m = c.pattern().matcher("");
        List<String> names = c.groupNames();
        return p -> {
            if (!m.reset(p.line).find()) {
                return true;
            }
            for (int g = 0; g < names.size(); g++) {
                String name = names.get(g);
                if (name != null && m.group(g + 1) != null) {
                    p.state.setParsed(name, m.group(g + 1));
                }
            }
            return true;
        };
    }

    private Step pattern(String pattern) {
        PatternMatcher pm = PatternMatcher.compile(pattern, true);
        String[] names = pm.names();
        String[] values = new String[names.length];
        return p -> {
            if (!pm.match(p.line, values, false)) {
                return true;
            }
            for (int i = 0; i < names.length; i++) {
                if (!names[i].equals("_")) {
                    p.state.setParsed(names[i], values[i]);
                }
            }
            return true;
        };
    }

    private boolean unpack() {
        Object tree;
        try {
            tree = JsonScanner.parseTree(line);
        } catch (IllegalArgumentException e) {
            state.setError("JSONParserErr", e.getMessage());
            return true;
        }
        if (!(tree instanceof Map<?, ?> m)) {
            state.setError("JSONParserErr", "expecting json object but got " + JsonScanner.render(tree));
            return true;
        }
        String entry = null;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String v)) {
                continue;
            }
            if (e.getKey().equals("_entry")) {
                entry = v;
            } else {
                state.setParsed(sanitize((String) e.getKey()), v);
            }
        }
        if (entry != null) {
            line = entry;
        }
        return true;
    }

    private Step lineFormat(String template) {
        TemplateEngine.Compiled t = templates.template("line", template);
        return p -> {
            p.templates.setEntry(p.line, p.ts);
            try {
                p.line = t.execute(p.state.asMap());
            } catch (IllegalStateException e) {
                p.state.setError("TemplateFormatErr", e.getMessage());
            }
            return true;
        };
    }

    private Step labelFormat(List<Stage.LabelFmt> formats) {
        int n = formats.size();
        TemplateEngine.Compiled[] compiled = new TemplateEngine.Compiled[n];
        for (int i = 0; i < n; i++) {
            if (formats.get(i).template()) {
                compiled[i] = templates.template("label", formats.get(i).value());
            }
        }
        String[] results = new String[n];
        return p -> {
            p.templates.setEntry(p.line, p.ts);
            // every template of one stage reads the labels as they were before the stage
            for (int i = 0; i < n; i++) {
                Stage.LabelFmt f = formats.get(i);
                if (compiled[i] != null) {
                    try {
                        results[i] = compiled[i].execute(p.state.asMap());
                    } catch (IllegalStateException e) {
                        p.state.setError("TemplateFormatErr", e.getMessage());
                        results[i] = null;
                    }
                } else {
                    results[i] = p.state.has(f.value()) ? p.state.get(f.value()) : null;
                }
            }
            for (int i = 0; i < n; i++) {
                Stage.LabelFmt f = formats.get(i);
                if (compiled[i] == null && !f.value().equals(f.dst())) {
                    p.state.delete(f.value());
                }
            }
            for (int i = 0; i < n; i++) {
                if (results[i] != null) {
                    p.state.set(formats.get(i).dst(), results[i]);
                }
            }
            return true;
        };
    }

    private Step distinct(List<String> labels) {
        Set<List<String>> seen = new HashSet<>();
        return p -> {
            List<String> key = new ArrayList<>(labels.size());
            boolean any = false;
            for (String l : labels) {
                key.add(p.state.get(l));
                any |= p.state.has(l);
            }
            return !any || seen.add(key);
        };
    }
}
