package ai.gatewayz.obs.logs.logql.pipeline;

import ai.gatewayz.obs.common.GoFloat;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.logql.ast.LabelFilter;
import ai.gatewayz.obs.logs.logql.ast.SampleExpr;
import ai.gatewayz.obs.logs.logql.ast.Stage;
import ai.gatewayz.obs.logs.logql.parser.ByteSizes;
import ai.gatewayz.obs.logs.logql.parser.GoDurations;
import ai.gatewayz.obs.logs.logql.parser.Regexes;
import ai.gatewayz.obs.logs.storage.ScanEntry;
import ai.gatewayz.obs.logs.text.ByteSearch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A metric query's pipeline run on a line's UTF-8 bytes, for the stages whose outcome can be decided
 * there without a String per line: line filters (literals and {@code (?i)literal} searched on the
 * bytes, other regexes, patterns and {@code ip()} on the decoded line), at most one {@code json}
 * without parameters (only the fields the query reads are built, see {@link JsonFields}), and label
 * filters. For each entry it answers {@link #PASS}, {@link #DROP}, or {@link #SLOW}: run the String
 * {@link Pipeline} on this entry (an error to report, a value that does not parse, structured
 * metadata that would change the output labels, a JSON form {@link JsonFields} leaves alone), so
 * the answer is always the String pipeline's. Stages it does not cover (formatters, other parsers,
 * drop, keep, distinct) make {@link #compile} return null. One per query, used by one thread.
 */
public final class ScanPlan {
    public static final int DROP = 0;
    public static final int PASS = 1;
    public static final int SLOW = 2;

    /** Marks the json step, which {@link #test} runs itself (it may decide the entry before the line is fully read). */
    private static final Step JSON = (p, e) -> PASS;

    private interface Step {
        /** DROP, PASS (go on) or SLOW. */
        int apply(ScanPlan p, ScanEntry e);
    }

    private static final byte[] ERROR_BYTES = "__error_".getBytes(StandardCharsets.UTF_8);

    private final Step[] steps;
    private final String[] names;
    private final JsonFields json;
    /** Per name: whether a json field of that name sets it in the current stream (not when an index label takes it). */
    private final boolean[] jsonSets;
    private final SampleExpr.Grouping grouping;
    private final int[] groupNames;
    private final Map<String, IpMatcher> ips = new HashMap<>();
    private Labels stream = Labels.EMPTY;
    private Labels streamOutput = Labels.EMPTY;
    private boolean jsonRan;
    private boolean jsonError;

    private final boolean early;

    private ScanPlan(List<Step> steps, List<String> names, boolean hasJson, SampleExpr.Grouping grouping, boolean early) {
        this.early = early;
        this.steps = steps.toArray(new Step[0]);
        this.names = names.toArray(new String[0]);
        this.json = hasJson ? new JsonFields(names, List.of(LabelState.ERROR, LabelState.ERROR_DETAILS)) : null;
        this.jsonSets = new boolean[names.size()];
        this.grouping = grouping;
        if (grouping != null && !grouping.without()) {
            groupNames = new int[grouping.labels().size()];
            for (int i = 0; i < groupNames.length; i++) {
                groupNames[i] = names.indexOf(grouping.labels().get(i));
            }
        } else {
            groupNames = new int[0];
        }
    }

    /**
     * The plan for a range aggregation's pipeline whose samples are grouped by {@code grouping}
     * (null: by all labels), or null when a stage or the grouping needs the String pipeline.
     */
    public static ScanPlan compile(List<Stage> stages, SampleExpr.Grouping grouping) {
        List<String> names = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        boolean hasJson = false;
        for (Stage s : stages) {
            if (s instanceof Stage.LineFilter f) {
                steps.add(lineFilter(f));
            } else if (s instanceof Stage.Json j && j.params().isEmpty() && !hasJson) {
                hasJson = true;
                steps.add(JSON);
            } else if (s instanceof Stage.LabelFilterStage lf && collectNames(lf.filter(), names)) {
                LabelFilter f = lf.filter();
                steps.add((p, e) -> p.filter(f, e));
            } else {
                return null;
            }
        }
        if (grouping == null || grouping.without()) {
            // the output carries every label: only the stream's own (and metadata, handled slowly) qualify
            if (hasJson) {
                return null;
            }
        } else {
            for (String g : grouping.labels()) {
                if (!usable(g)) {
                    return null;
                }
                if (!names.contains(g)) {
                    names.add(g);
                }
            }
        }
        return new ScanPlan(steps, names, hasJson, grouping, hasJson && errorTestsOnlyEmptiness(stages));
    }

    /**
     * Whether every {@code __error__} test is {@code = ""} or {@code != ""}: then the value of an error
     * does not matter, only whether there is one, so a line whose wanted fields are known early can
     * be decided without reading the rest when it drops either way.
     */
    private static boolean errorTestsOnlyEmptiness(List<Stage> stages) {
        for (Stage s : stages) {
            if (s instanceof Stage.LabelFilterStage lf && !emptinessOnly(lf.filter())) {
                return false;
            }
        }
        return true;
    }

    private static boolean emptinessOnly(LabelFilter f) {
        return switch (f) {
            case LabelFilter.And a -> emptinessOnly(a.left()) && emptinessOnly(a.right());
            case LabelFilter.Or o -> emptinessOnly(o.left()) && emptinessOnly(o.right());
            case LabelFilter.Paren p -> emptinessOnly(p.inner());
            case LabelFilter.StringMatch m -> !m.matcher().name().equals(LabelState.ERROR) || m.matcher().value().isEmpty()
                    && (m.matcher().type() == ai.gatewayz.obs.common.LabelMatcher.Type.EQ
                            || m.matcher().type() == ai.gatewayz.obs.common.LabelMatcher.Type.NEQ);
            default -> true;
        };
    }

    private static boolean usable(String name) {
        return !name.endsWith("_extracted") && !name.equals(LabelState.ERROR_DETAILS) && !name.isEmpty();
    }

    private static boolean collectNames(LabelFilter f, List<String> names) {
        return switch (f) {
            case LabelFilter.And a -> collectNames(a.left(), names) && collectNames(a.right(), names);
            case LabelFilter.Or o -> collectNames(o.left(), names) && collectNames(o.right(), names);
            case LabelFilter.Paren p -> collectNames(p.inner(), names);
            case LabelFilter.StringMatch m -> add(m.matcher().name(), names, true);
            case LabelFilter.Compare c -> add(c.name(), names, false);
            case LabelFilter.Ip ip -> add(ip.name(), names, false);
        };
    }

    private static boolean add(String name, List<String> names, boolean errorAllowed) {
        if (name.equals(LabelState.ERROR)) {
            return errorAllowed;
        }
        if (!usable(name)) {
            return false;
        }
        if (!names.contains(name)) {
            names.add(name);
        }
        return true;
    }

    /** Starts a stream: the output labels of its entries when nothing but the stream decides them. */
    public void stream(Labels labels) {
        stream = labels;
        for (int i = 0; i < names.length; i++) {
            jsonSets[i] = !labels.has(names[i]);
        }
        streamOutput = grouping == null ? labels : group(labels);
    }

    private Labels group(Labels l) {
        Labels.Builder b = Labels.builder();
        if (grouping.without()) {
            for (int i = 0; i < l.size(); i++) {
                if (!grouping.labels().contains(l.name(i))) {
                    b.set(l.name(i), l.value(i));
                }
            }
        } else {
            for (String n : grouping.labels()) {
                b.set(n, l.get(n));
            }
        }
        return b.build();
    }

    /** Runs the stages on one entry. */
    public int test(ScanEntry e) {
        jsonRan = false;
        jsonError = false;
        if (e.hasMetadata() && e.metadataMayContain(ERROR_BYTES)
                && (e.metadataValue(LabelState.ERROR) != null || e.metadataValue(LabelState.ERROR_DETAILS) != null)) {
            return SLOW;
        }
        return run(0, e);
    }

    private int run(int from, ScanEntry e) {
        for (int i = from; i < steps.length; i++) {
            Step s = steps[i];
            if (s == JSON) {
                return json(i, e);
            }
            int r = s.apply(this, e);
            if (r != PASS) {
                return r;
            }
        }
        return jsonError ? SLOW : PASS; // an error that survives the filters fails the query: the String path reports it
    }

    private int json(int at, ScanEntry e) {
        jsonRan = true;
        int r = json.scan(e.bytes(), e.offset(), e.length(), early);
        if (r == JsonFields.COMPLETE) {
            // the rest of the line decides only whether there is an error: if the entry drops either way, it drops
            jsonError = false;
            int valid = run(at + 1, e);
            jsonError = true;
            int invalid = valid == DROP ? run(at + 1, e) : PASS;
            if (valid == DROP && invalid == DROP) {
                return DROP;
            }
            r = json.scan(e.bytes(), e.offset(), e.length(), false);
        }
        if (r == JsonFields.GIVE_UP) {
            return SLOW;
        }
        jsonError = r == JsonFields.ERROR;
        return run(at + 1, e);
    }

    /** The output labels of the entry {@link #test} passed. */
    public Labels output(ScanEntry e) {
        if (grouping != null && !grouping.without()) {
            boolean constant = true;
            for (int g : groupNames) {
                if (jsonRan && jsonSets[g] && json.state[g] != JsonFields.UNSET || e.metadataValue(names[g]) != null) {
                    constant = false;
                    break;
                }
            }
            if (constant) {
                return streamOutput;
            }
            Labels.Builder b = Labels.builder();
            for (int g : groupNames) {
                String v = value(g, e);
                if (v != null) {
                    b.set(names[g], v);
                }
            }
            return b.build();
        }
        if (!e.hasMetadata()) {
            return streamOutput;
        }
        // index labels and metadata, metadata winning, as LabelState merges them (no parser ran: compile ensures it)
        Labels md = e.metadata();
        Labels.Builder b = stream.toBuilder();
        for (int i = 0; i < md.size(); i++) {
            b.set(md.name(i), md.value(i));
        }
        Labels merged = b.build();
        return grouping == null ? merged : group(merged);
    }

    /** The current value of a referenced label: a json field, else metadata, else the stream's; null when absent. */
    private String value(int i, ScanEntry e) {
        if (jsonRan && jsonSets[i]) {
            byte st = json.state[i];
            if (st == JsonFields.SET) {
                return json.value(i, e.bytes());
            }
            if (st == JsonFields.REMOVED) {
                return null;
            }
        }
        String name = names[i];
        String v = e.metadataValue(name);
        if (v != null) {
            return v;
        }
        v = stream.get(name);
        return v.isEmpty() ? null : v;
    }

    private String value(String name, ScanEntry e) {
        if (name.equals(LabelState.ERROR)) {
            return jsonError ? "JSONParserErr" : null;
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return value(i, e);
            }
        }
        throw new IllegalStateException("label not referenced by the plan [name=" + name + "]");
    }

    /** The index of {@code name} when its current value is a json field the line set, else -1. */
    private int jsonNumber(String name) {
        if (!jsonRan) {
            return -1;
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return jsonSets[i] && json.state[i] == JsonFields.SET ? i : -1;
            }
        }
        return -1;
    }

    private static final int FALSE = 0;
    private static final int TRUE = 1;

    private int filter(LabelFilter f, ScanEntry e) {
        int r = eval(f, e);
        return r == TRUE ? PASS : r == FALSE ? DROP : SLOW;
    }

    /** TRUE, FALSE or SLOW. */
    private int eval(LabelFilter f, ScanEntry e) {
        switch (f) {
            case LabelFilter.And a -> {
                int l = eval(a.left(), e);
                return l != TRUE ? l : eval(a.right(), e);
            }
            case LabelFilter.Or o -> {
                int l = eval(o.left(), e);
                return l != FALSE ? l : eval(o.right(), e);
            }
            case LabelFilter.Paren p -> {
                return eval(p.inner(), e);
            }
            case LabelFilter.StringMatch m -> {
                String v = value(m.matcher().name(), e);
                return m.matcher().matches(v == null ? "" : v) ? TRUE : FALSE;
            }
            case LabelFilter.Ip ip -> {
                String v = value(ip.name(), e);
                if (v == null) {
                    return FALSE;
                }
                boolean in = ips.computeIfAbsent(ip.pattern(), IpMatcher::compile).matchesAddress(v);
                return ip.negate() != in ? TRUE : FALSE;
            }
            case LabelFilter.Compare c -> {
                if (jsonError) {
                    return TRUE; // only string matchers filter lines that already failed
                }
                if (c.kind() == LabelFilter.Kind.NUMBER) {
                    int w = jsonNumber(c.name());
                    if (w >= 0) {
                        double d = json.integer(w, e.bytes());
                        if (!Double.isNaN(d)) {
                            return c.cmp().test(d, c.value()) ? TRUE : FALSE;
                        }
                    }
                }
                String raw = value(c.name(), e);
                if (raw == null) {
                    return c.cmp() == LabelFilter.Cmp.NEQ ? TRUE : FALSE;
                }
                Double v = switch (c.kind()) {
                    case NUMBER -> number(raw);
                    case DURATION -> {
                        Long n = GoDurations.parseNanos(raw.strip());
                        yield n == null ? null : n / 1e9;
                    }
                    case BYTES -> ByteSizes.parse(raw);
                };
                if (v == null) {
                    return SLOW; // the String pipeline records the LabelFilterErr
                }
                return c.cmp().test(v, c.value()) ? TRUE : FALSE;
            }
        }
    }

    /** Go's ParseFloat of the stripped text; plain integers (the usual status or count) without building anything. */
    private static Double number(String raw) {
        int n = raw.length();
        if (n > 0 && n <= 15) {
            int i = raw.charAt(0) == '-' ? 1 : 0;
            long v = 0;
            boolean digits = i < n;
            for (int k = i; k < n && digits; k++) {
                char c = raw.charAt(k);
                digits = c >= '0' && c <= '9';
                v = v * 10 + (c - '0');
            }
            if (digits) {
                return i == 1 ? (v == 0 ? -0.0 : -(double) v) : (double) v;
            }
        }
        return GoFloat.parse(raw.strip());
    }

    // ------------------------------------------------------------------ line filters

    private interface ByteTest {
        boolean test(ScanEntry e);
    }

    private static Step lineFilter(Stage.LineFilter f) {
        int n = f.values().size();
        boolean negative = f.op().negative();
        ByteTest[] tests = new ByteTest[n];
        for (int i = 0; i < n; i++) {
            Stage.FilterValue v = f.values().get(i);
            if (v.ip()) {
                IpMatcher ip = IpMatcher.compile(v.value());
                tests[i] = e -> ip.matchesLine(e.line());
                continue;
            }
            tests[i] = switch (f.op()) {
                case CONTAINS, NOT_CONTAINS -> literal(v.value());
                case REGEX, NOT_REGEX -> regex(v.value());
                case PATTERN, NOT_PATTERN -> {
                    PatternMatcher pm = PatternMatcher.compile(v.value(), false);
                    yield e -> pm.match(e.line(), null, true);
                }
            };
        }
        return (p, e) -> {
            boolean any = false;
            for (ByteTest t : tests) {
                if (t.test(e)) {
                    any = true;
                    break;
                }
            }
            return negative != any ? PASS : DROP;
        };
    }

    private static ByteTest literal(String s) {
        byte[] needle = s.getBytes(StandardCharsets.UTF_8);
        return e -> ByteSearch.contains(e.bytes(), e.offset(), e.length(), needle);
    }

    /** As {@link Pipeline#regexTest}: literals and {@code (?i)literal} searched directly, other regexes run on the line. */
    private static ByteTest regex(String regex) {
        boolean folded = regex.startsWith("(?i)");
        String lit = folded ? regex.substring(4) : regex;
        if (lit.isEmpty() || !Pipeline.isLiteral(lit)) {
            Predicate<String> t = Pipeline.regexTest(regex);
            return e -> t.test(e.line());
        }
        if (!folded) {
            return literal(lit);
        }
        byte[] lower = lit.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        Matcher m = Regexes.compile(regex, Pattern.DOTALL).pattern().matcher("");
        // only a line with non-ASCII characters can match through Unicode case folding (the Kelvin sign for k)
        return e -> ByteSearch.containsIgnoreAsciiCase(e.bytes(), e.offset(), e.length(), lower)
                || e.maybeNonAscii() && ByteSearch.firstNonAscii(e.bytes(), e.offset(), e.length()) >= 0
                        && m.reset(e.line()).find();
    }
}
