package ai.gatewayz.obs.metrics.rules.unittest;

import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.gotemplate.GoFormat;
import ai.gatewayz.obs.metrics.rules.MetricsRules;
import ai.gatewayz.obs.metrics.rules.StorageQueryFunc;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import ai.gatewayz.obs.rules.AlertSink;
import ai.gatewayz.obs.rules.AlertSnapshot;
import ai.gatewayz.obs.rules.AlertState;
import ai.gatewayz.obs.rules.AlertingRule;
import ai.gatewayz.obs.rules.ExpressionValidator;
import ai.gatewayz.obs.rules.QueryFunc;
import ai.gatewayz.obs.rules.Rule;
import ai.gatewayz.obs.rules.RuleFileException;
import ai.gatewayz.obs.rules.RuleFiles;
import ai.gatewayz.obs.rules.RuleGroup;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleHealth;
import ai.gatewayz.obs.rules.RuleParseOptions;
import ai.gatewayz.obs.rules.RulesOptions;
import ai.gatewayz.obs.rules.VectorSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Runs promtool {@code test rules} files on our rule engine in virtual time: input series are
 * expanded into an in-memory storage, the rule files' groups are evaluated every
 * {@code evaluation_interval} from the start time up to the latest {@code eval_time}, firing alerts
 * are compared with {@code alert_rule_test} at their eval times and {@code promql_expr_test}
 * expressions are evaluated afterwards. Queries go through the injected {@link StorageQueryFunc}.
 * Supports the fields of promtool 2.42 plus {@code name} with {@code --run}, {@code start_timestamp},
 * {@code fuzzy_compare} (equal within one ULP) and ignoring unknown fields. Stateless; thread-safe.
 */
public final class RuleTestRunner {
    private static final Set<String> FILE_KEYS = Set.of("rule_files", "evaluation_interval", "group_eval_order",
            "tests", "fuzzy_compare");
    private static final Set<String> GROUP_KEYS = Set.of("name", "interval", "input_series", "alert_rule_test",
            "promql_expr_test", "external_labels", "external_url", "start_timestamp");

    /** How to run: engine, validator, optional test-name filter, unknown-field handling. */
    public record Options(StorageQueryFunc engine, ExpressionValidator validator, Pattern run,
            boolean ignoreUnknownFields) {
    }

    public enum Outcome { PASS, FAIL, ERROR }

    /** The outcome of one file: PASS, FAIL (a test failed) or ERROR (could not load); with messages. */
    public record FileResult(Path file, Outcome outcome, List<String> messages) {
    }

    private final Options options;

    public RuleTestRunner(Options options) {
        this.options = options;
    }

    public FileResult run(Path file) {
        Map<String, Object> doc;
        try {
            LoaderOptions lo = new LoaderOptions();
            lo.setAllowDuplicateKeys(false);
            Object o = new Yaml(lo).load(Files.readString(file));
            if (!(o instanceof Map<?, ?> m)) {
                return new FileResult(file, Outcome.ERROR, List.of("test file is not a mapping"));
            }
            doc = cast(m);
        } catch (IOException | YAMLException e) {
            return new FileResult(file, Outcome.ERROR, List.of(file + ": " + e.getMessage()));
        }
        List<String> messages = new ArrayList<>();
        try {
            unknown(doc, FILE_KEYS, "test file");
            long evalInterval = duration(doc.get("evaluation_interval"), 60_000);
            boolean fuzzy = Boolean.TRUE.equals(doc.get("fuzzy_compare"));
            List<String> ruleFiles = strings(doc.get("rule_files"));
            List<String> order = strings(doc.get("group_eval_order"));
            Path base = file.toAbsolutePath().getParent();
            RuleParseOptions po = RuleParseOptions.defaults(options.validator()).withDefaultInterval(evalInterval)
                    .withIgnoreUnknownFields(options.ignoreUnknownFields());
            List<RuleGroupSpec> specs = RuleFiles.load(RuleFiles.expand(ruleFiles, base), po);
            if (!order.isEmpty()) {
                specs = reorder(specs, order);
            }
            List<Map<String, Object>> tests = maps(doc.get("tests"), "tests");
            boolean failed = false;
            for (Map<String, Object> tg : tests) {
                String name = tg.get("name") == null ? "" : String.valueOf(tg.get("name"));
                if (options.run() != null && !options.run().matcher(name).find()) {
                    continue;
                }
                unknown(tg, GROUP_KEYS, "test group");
                List<String> errs = runGroup(tg, specs, evalInterval, fuzzy);
                if (!errs.isEmpty()) {
                    failed = true;
                    messages.add("  FAILED" + (name.isEmpty() ? "" : " (" + name + ")") + ":");
                    messages.addAll(errs);
                }
            }
            return new FileResult(file, failed ? Outcome.FAIL : Outcome.PASS, messages);
        } catch (RuleFileException e) {
            List<String> m = new ArrayList<>();
            e.errors().forEach(x -> m.add(x.toString()));
            return new FileResult(file, Outcome.ERROR, m);
        } catch (IllegalArgumentException | ClassCastException | ai.gatewayz.obs.common.SuiteException e) {
            return new FileResult(file, Outcome.ERROR, List.of(String.valueOf(e.getMessage())));
        }
    }

    private List<String> runGroup(Map<String, Object> tg, List<RuleGroupSpec> specs, long evalInterval, boolean fuzzy) {
        long interval = duration(tg.get("interval"), evalInterval);
        long start = startTimestamp(tg.get("start_timestamp"));
        Labels ext = Labels.fromMap(stringMap(tg.get("external_labels")));
        String extUrl = tg.get("external_url") == null ? "" : String.valueOf(tg.get("external_url"));
        record Input(Labels labels, List<Double> values) {
        }
        List<Input> inputs = new ArrayList<>();
        for (Map<String, Object> s : maps(tg.get("input_series"), "input_series")) {
            unknown(s, Set.of("series", "values"), "input_series");
            Labels l = SeriesNotation.parseSeries(String.valueOf(s.get("series")));
            List<Double> v = SeriesNotation.parseValues(s.get("values") == null ? "" : String.valueOf(s.get("values")));
            inputs.add(new Input(l, v));
        }
        List<Map<String, Object>> alertTests = maps(tg.get("alert_rule_test"), "alert_rule_test");
        List<Map<String, Object>> exprTests = maps(tg.get("promql_expr_test"), "promql_expr_test");
        long maxEval = 0;
        for (Map<String, Object> a : alertTests) {
            unknown(a, Set.of("eval_time", "alertname", "exp_alerts"), "alert_rule_test");
            maxEval = Math.max(maxEval, duration(a.get("eval_time"), 0));
        }
        for (Map<String, Object> e : exprTests) {
            unknown(e, Set.of("expr", "eval_time", "exp_samples"), "promql_expr_test");
            maxEval = Math.max(maxEval, duration(e.get("eval_time"), 0));
        }
        alertTests = new ArrayList<>(alertTests);
        alertTests.sort(Comparator.comparingLong(a -> duration(a.get("eval_time"), 0)));

        List<String> errs = new ArrayList<>();
        try (MemoryStorage storage = new MemoryStorage()) {
            QueryFunc q = options.engine().bind(storage);
            RulesOptions ro = RulesOptions.defaults().withExternalLabels(ext).withExternalURL(extUrl);
            List<RuleGroup> groups = new ArrayList<>();
            for (RuleGroupSpec s : specs) {
                groups.add(MetricsRules.group(s, storage, q, AlertSink.DISCARD, ro, false));
            }
            int[] loaded = new int[inputs.size()];
            int curr = 0;
            for (long ts = start; ts <= start + maxEval; ts += evalInterval) {
                loadUntil(storage, inputs.stream().map(i -> new Object[] {i.labels, i.values}).toList(), loaded, start,
                        interval, ts);
                for (RuleGroup g : groups) {
                    if ((ts - start) % g.intervalMs() != 0) {
                        continue;
                    }
                    g.eval(ts);
                    for (Rule r : g.rules()) {
                        if (r.status().health() == RuleHealth.ERR && r.status().lastEvaluationMs() == ts) {
                            errs.add("    rule: " + r.name() + ", time: " + Durations.format(ts - start) + ", err: "
                                    + r.status().lastError());
                        }
                    }
                }
                while (curr < alertTests.size()) {
                    long at = start + duration(alertTests.get(curr).get("eval_time"), 0);
                    if (!(ts <= at && at < ts + evalInterval)) {
                        break;
                    }
                    errs.addAll(checkAlerts(alertTests.get(curr), groups, at - start));
                    curr++;
                }
            }
            loadUntil(storage, inputs.stream().map(i -> new Object[] {i.labels, i.values}).toList(), loaded, start,
                    interval, Long.MAX_VALUE);
            for (Map<String, Object> e : exprTests) {
                errs.addAll(checkExpr(e, q, start, fuzzy));
            }
        }
        return errs;
    }

    private static void loadUntil(MemoryStorage storage, List<Object[]> inputs, int[] loaded, long start, long interval,
            long until) {
        Appender app = storage.appender();
        for (int k = 0; k < inputs.size(); k++) {
            Labels l = (Labels) inputs.get(k)[0];
            @SuppressWarnings("unchecked")
            List<Double> vals = (List<Double>) inputs.get(k)[1];
            while (loaded[k] < vals.size()) {
                long t = start + loaded[k] * interval;
                if (t > until) {
                    break;
                }
                Double v = vals.get(loaded[k]);
                if (v != null) {
                    app.append(0, l, t, v);
                }
                loaded[k]++;
            }
        }
        app.commit();
    }

    private List<String> checkAlerts(Map<String, Object> test, List<RuleGroup> groups, long evalTime) {
        String alertname = String.valueOf(test.get("alertname"));
        List<String> got = new ArrayList<>();
        for (RuleGroup g : groups) {
            for (Rule r : g.rules()) {
                if (r instanceof AlertingRule ar && ar.name().equals(alertname)) {
                    for (AlertSnapshot a : ar.alerts()) {
                        if (a.state() == AlertState.FIRING) {
                            got.add(render(a.labels(), a.annotations()));
                        }
                    }
                }
            }
        }
        List<String> exp = new ArrayList<>();
        for (Map<String, Object> e : maps(test.get("exp_alerts"), "exp_alerts")) {
            unknown(e, Set.of("exp_labels", "exp_annotations"), "exp_alerts");
            Labels l = Labels.fromMap(stringMap(e.get("exp_labels"))).toBuilder().set("alertname", alertname).build();
            exp.add(render(l, stringMap(e.get("exp_annotations"))));
        }
        got.sort(null);
        exp.sort(null);
        if (got.equals(exp)) {
            return List.of();
        }
        return List.of("    alertname: " + alertname + ", time: " + Durations.format(evalTime) + ", \n        exp:"
                + exp + ", \n        got:" + got);
    }

    private static String render(Labels l, Map<String, String> annotations) {
        return "Labels:" + l + " Annotations:" + Labels.fromMap(annotations);
    }

    private List<String> checkExpr(Map<String, Object> test, QueryFunc q, long start, boolean fuzzy) {
        String expr = String.valueOf(test.get("expr"));
        long evalTime = duration(test.get("eval_time"), 0);
        List<VectorSample> res;
        try {
            res = q.query(expr, start + evalTime);
        } catch (RuntimeException e) {
            return List.of("    expr: " + GoFormat.quote(expr) + ", time: " + Durations.format(evalTime) + ", err: "
                    + e.getMessage());
        }
        record S(Labels labels, double value) {
        }
        List<S> got = new ArrayList<>();
        for (VectorSample s : res) {
            got.add(new S(s.labels(), s.value()));
        }
        List<S> exp = new ArrayList<>();
        for (Map<String, Object> e : maps(test.get("exp_samples"), "exp_samples")) {
            if (e.containsKey("histogram")) {
                throw new IllegalArgumentException("native histogram expectations are not supported (exp_samples.histogram)");
            }
            unknown(e, Set.of("labels", "value"), "exp_samples");
            Object lv = e.get("labels");
            Labels l = lv == null || String.valueOf(lv).isBlank() ? Labels.EMPTY : SeriesNotation.parseSeries(String.valueOf(lv));
            exp.add(new S(l, toDouble(e.get("value"))));
        }
        got.sort(Comparator.comparing(S::labels));
        exp.sort(Comparator.comparing(S::labels));
        boolean equal = got.size() == exp.size();
        for (int i = 0; equal && i < got.size(); i++) {
            S g = got.get(i);
            S x = exp.get(i);
            equal = g.labels.equals(x.labels) && valueEquals(g.value, x.value, fuzzy);
        }
        if (equal) {
            return List.of();
        }
        return List.of("    expr: " + GoFormat.quote(expr) + ", time: " + Durations.format(evalTime) + ",\n        exp: "
                + exp.stream().map(s -> s.labels + " " + GoFormat.formatG(s.value, -1)).toList() + "\n        got: "
                + got.stream().map(s -> s.labels + " " + GoFormat.formatG(s.value, -1)).toList());
    }

    private static boolean valueEquals(double a, double b, boolean fuzzy) {
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        if (a == b) {
            return true;
        }
        return fuzzy && (Math.nextUp(a) == b || Math.nextDown(a) == b);
    }

    private static double toDouble(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        String s = String.valueOf(v);
        return switch (s) {
            case "Inf", "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    private static List<RuleGroupSpec> reorder(List<RuleGroupSpec> specs, List<String> order) {
        Map<String, RuleGroupSpec> byName = new LinkedHashMap<>();
        specs.forEach(s -> byName.put(s.name(), s));
        List<RuleGroupSpec> out = new ArrayList<>();
        for (String n : order) {
            RuleGroupSpec s = byName.remove(n);
            if (s == null) {
                throw new IllegalArgumentException("group name " + GoFormat.quote(n)
                        + " listed in group_eval_order not found in the rule files");
            }
            out.add(s);
        }
        out.addAll(byName.values());
        return out;
    }

    private void unknown(Map<String, Object> m, Set<String> known, String where) {
        if (options.ignoreUnknownFields()) {
            return;
        }
        for (String k : m.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("yaml: unmarshal errors: field " + k + " not found in " + where);
            }
        }
    }

    private static long startTimestamp(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.longValue() * 1000;
        }
        if (v instanceof java.util.Date d) {
            return d.getTime();
        }
        String s = String.valueOf(v);
        try {
            return (long) (Double.parseDouble(s) * 1000);
        } catch (NumberFormatException e) {
            return Instant.parse(s).toEpochMilli();
        }
    }

    private static long duration(Object v, long dflt) {
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            // promtool reads bare numbers as seconds
            return n.longValue() * 1000;
        }
        return Durations.parse(String.valueOf(v));
    }

    private static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                out.add(String.valueOf(o));
            }
        }
        return out;
    }

    private static Map<String, String> stringMap(Object v) {
        Map<String, String> out = new TreeMap<>();
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> out.put(String.valueOf(k), x == null ? "" : String.valueOf(x)));
        }
        return out;
    }

    private static List<Map<String, Object>> maps(Object v, String what) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException(what + " must be a list");
        }
        for (Object o : l) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(what + " entries must be mappings");
            }
            out.add(cast(m));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(Objects.toString(k), v));
        return out;
    }
}
