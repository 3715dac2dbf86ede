package ai.gatewayz.obs.rules;

import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.gotemplate.TemplateException;
import ai.gatewayz.obs.gotemplate.prometheus.PromTemplates;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads and validates one rule file in Prometheus's format, collecting every error with its file,
 * line, column, group and rule (as Prometheus's {@code rulefmt} does): unknown fields, duplicate
 * groups, record/alert exclusivity, missing expr, names, durations, label/annotation names,
 * template syntax and, through the {@link ExpressionValidator}, the PromQL expressions. YAML
 * anchors, aliases and merge keys are supported. Stateless and thread-safe.
 */
public final class RuleFileParser {
    private static final Pattern LEGACY_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern LEGACY_METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> FILE_FIELDS = Set.of("groups");
    private static final Set<String> GROUP_FIELDS = Set.of("name", "interval", "query_offset", "limit", "labels", "rules");
    private static final Set<String> RULE_FIELDS = Set.of("record", "alert", "expr", "for", "keep_firing_for",
            "labels", "annotations");

    private RuleFileParser() {
    }

    /** Parses {@code content}; returns the groups or throws {@link RuleFileException} with all errors. */
    public static List<RuleGroupSpec> parse(String file, String content, RuleParseOptions options) {
        List<RuleError> errors = new ArrayList<>();
        List<RuleGroupSpec> groups = parse(file, content, options, errors);
        if (!errors.isEmpty()) {
            throw new RuleFileException(errors);
        }
        return groups;
    }

    /** Parses {@code content}, appending problems to {@code errors}; returns the groups that were valid. */
    public static List<RuleGroupSpec> parse(String file, String content, RuleParseOptions options, List<RuleError> errors) {
        Node root;
        try {
            LoaderOptions lo = new LoaderOptions();
            lo.setAllowDuplicateKeys(false);
            lo.setMaxAliasesForCollections(1000);
            root = new Yaml(lo).compose(new StringReader(content));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            int col = e.getProblemMark() == null ? 0 : e.getProblemMark().getColumn() + 1;
            errors.add(new RuleError(file, line, col, null, 0, null, "yaml: " + e.getProblem()));
            return List.of();
        } catch (YAMLException e) {
            errors.add(new RuleError(file, 0, 0, null, 0, null, "yaml: " + e.getMessage()));
            return List.of();
        }
        if (root == null) {
            return List.of();
        }
        Ctx ctx = new Ctx(file, options, errors);
        MappingNode top = ctx.mapping(root, null, 0, null);
        if (top == null) {
            return List.of();
        }
        Map<String, NodeTuple> fields = ctx.fields(top, FILE_FIELDS, "rulefmt.RuleGroups", null, 0, null);
        NodeTuple groupsNode = fields.get("groups");
        List<RuleGroupSpec> out = new ArrayList<>();
        if (groupsNode == null || isNull(groupsNode.getValueNode())) {
            return out;
        }
        if (!(groupsNode.getValueNode() instanceof SequenceNode seq)) {
            ctx.error(groupsNode.getValueNode(), null, 0, null, "groups must be a list");
            return out;
        }
        Set<String> seen = new HashSet<>();
        for (Node g : seq.getValue()) {
            RuleGroupSpec spec = parseGroup(ctx, g, seen);
            if (spec != null) {
                out.add(spec);
            }
        }
        return out;
    }

    private static RuleGroupSpec parseGroup(Ctx ctx, Node node, Set<String> seen) {
        MappingNode m = ctx.mapping(node, null, 0, null);
        if (m == null) {
            return null;
        }
        int before = ctx.errors.size();
        Map<String, NodeTuple> f = ctx.fields(m, GROUP_FIELDS, "rulefmt.RuleGroup", null, 0, null);
        String name = ctx.scalar(f.get("name"), null, 0, null);
        if (name == null || name.isEmpty()) {
            ctx.error(node, null, 0, null, "Groupname must not be empty");
            name = "";
        } else if (!seen.add(name)) {
            ctx.error(f.get("name").getKeyNode(), null, 0, null, "groupname: \"" + name + "\" is repeated in the same file");
        }
        long interval = ctx.duration(f.get("interval"), name, 0, null, ctx.options.defaultIntervalMs());
        if (f.containsKey("interval") && interval <= 0) {
            ctx.error(f.get("interval").getValueNode(), name, 0, null, "interval must be positive");
        }
        long offset = ctx.duration(f.get("query_offset"), name, 0, null, ctx.options.defaultQueryOffsetMs());
        int limit = 0;
        String limitText = ctx.scalar(f.get("limit"), name, 0, null);
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
                if (limit < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                ctx.error(f.get("limit").getValueNode(), name, 0, null, "invalid limit: " + limitText);
            }
        }
        Map<String, String> groupLabels = ctx.stringMap(f.get("labels"), name, 0, null);
        List<RuleSpec> rules = new ArrayList<>();
        NodeTuple rulesNode = f.get("rules");
        if (rulesNode != null && !isNull(rulesNode.getValueNode())) {
            if (rulesNode.getValueNode() instanceof SequenceNode seq) {
                int idx = 0;
                for (Node r : seq.getValue()) {
                    idx++;
                    RuleSpec rs = parseRule(ctx, r, name, idx);
                    if (rs != null) {
                        rules.add(rs);
                    }
                }
            } else {
                ctx.error(rulesNode.getValueNode(), name, 0, null, "rules must be a list");
            }
        }
        if (ctx.errors.size() > before) {
            return null;
        }
        return new RuleGroupSpec(ctx.file, name, interval, offset, limit, groupLabels, List.copyOf(rules),
                node.getStartMark().getLine() + 1);
    }

    private static RuleSpec parseRule(Ctx ctx, Node node, String group, int idx) {
        MappingNode m = ctx.mapping(node, group, idx, null);
        if (m == null) {
            return null;
        }
        int before = ctx.errors.size();
        Map<String, NodeTuple> f = ctx.fields(m, RULE_FIELDS, "rulefmt.RuleNode", group, idx, null);
        String record = ctx.scalar(f.get("record"), group, idx, null);
        String alert = ctx.scalar(f.get("alert"), group, idx, null);
        String name = alert != null ? alert : record;
        String expr = ctx.scalar(f.get("expr"), group, idx, name);
        if (record != null && alert != null) {
            ctx.error(f.get("record").getValueNode(), group, idx, name, "only one of 'record' and 'alert' must be set");
        }
        if (record == null && alert == null) {
            ctx.error(node, group, idx, name, "one of 'record' or 'alert' must be set");
        }
        if (expr == null || expr.isEmpty()) {
            ctx.error(node, group, idx, name, "field 'expr' must be set in rule");
        } else {
            Optional<String> err = ctx.options.validator().check(expr);
            err.ifPresent(e -> ctx.error(f.get("expr").getValueNode(), group, idx, name, "could not parse expression: " + e));
        }
        if (record != null && alert == null) {
            if (f.containsKey("annotations")) {
                ctx.error(f.get("annotations").getKeyNode(), group, idx, name, "invalid field 'annotations' in recording rule");
            }
            if (f.containsKey("for")) {
                ctx.error(f.get("for").getKeyNode(), group, idx, name, "invalid field 'for' in recording rule");
            }
            if (f.containsKey("keep_firing_for")) {
                ctx.error(f.get("keep_firing_for").getKeyNode(), group, idx, name, "invalid field 'keep_firing_for' in recording rule");
            }
            if (record.contains("{") || record.contains("}")) {
                ctx.error(f.get("record").getValueNode(), group, idx, name,
                        "braces present in the recording rule name; should it be in expr?: " + record);
            } else if (!validMetricName(record, ctx.options.utf8Names())) {
                ctx.error(f.get("record").getValueNode(), group, idx, name, "invalid recording rule name: " + record);
            }
        }
        if (alert != null && record == null && alert.isEmpty()) {
            ctx.error(f.get("alert").getValueNode(), group, idx, name, "invalid alert name: " + alert);
        }
        long forMs = ctx.duration(f.get("for"), group, idx, name, 0);
        long keepMs = ctx.duration(f.get("keep_firing_for"), group, idx, name, 0);
        Map<String, String> labels = ctx.stringMap(f.get("labels"), group, idx, name);
        Map<String, String> annotations = ctx.stringMap(f.get("annotations"), group, idx, name);
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!validLabelName(e.getKey(), ctx.options.utf8Names()) || e.getKey().equals("__name__")) {
                ctx.error(f.get("labels").getValueNode(), group, idx, name, "invalid label name: " + e.getKey());
            }
        }
        for (String k : annotations.keySet()) {
            if (!validLabelName(k, ctx.options.utf8Names())) {
                ctx.error(f.get("annotations").getValueNode(), group, idx, name, "invalid annotation name: " + k);
            }
        }
        if (alert != null && record == null) {
            checkTemplates(ctx, f.get("labels"), labels, group, idx, name);
            checkTemplates(ctx, f.get("annotations"), annotations, group, idx, name);
        }
        if (ctx.errors.size() > before) {
            return null;
        }
        return new RuleSpec(alert == null ? record : null, alert, expr, forMs, keepMs, labels, annotations,
                node.getStartMark().getLine() + 1);
    }

    private static void checkTemplates(Ctx ctx, NodeTuple where, Map<String, String> values, String group, int idx, String name) {
        if (where == null || !(where.getValueNode() instanceof MappingNode m)) {
            return;
        }
        for (NodeTuple e : m.getValue()) {
            if (!(e.getValueNode() instanceof ScalarNode v) || isNull(v)) {
                continue;
            }
            try {
                PromTemplates.parse("__alert_" + name, v.getValue());
            } catch (TemplateException ex) {
                ctx.error(v, group, idx, name, "msg=" + ex.getMessage());
            }
        }
    }

    /** Prometheus's metric name rule: legacy charset, or any non-empty valid UTF-8 text. */
    public static boolean validMetricName(String s, boolean utf8) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        return utf8 ? s.codePoints().noneMatch(c -> c == 0xFFFD) : LEGACY_METRIC.matcher(s).matches();
    }

    public static boolean validLabelName(String s, boolean utf8) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        return utf8 ? s.codePoints().noneMatch(c -> c == 0xFFFD) : LEGACY_NAME.matcher(s).matches();
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /** Per-file state while parsing: where errors go. */
    private record Ctx(String file, RuleParseOptions options, List<RuleError> errors) {
        void error(Node at, String group, int idx, String name, String msg) {
            int line = at == null ? 0 : at.getStartMark().getLine() + 1;
            int col = at == null ? 0 : at.getStartMark().getColumn() + 1;
            errors.add(new RuleError(file, line, col, group, idx, name, msg));
        }

        MappingNode mapping(Node n, String group, int idx, String name) {
            if (n instanceof MappingNode m) {
                return m;
            }
            error(n, group, idx, name, "yaml: unmarshal errors:\n  line " + (n.getStartMark().getLine() + 1)
                    + ": cannot unmarshal " + kind(n) + " into a mapping");
            return null;
        }

        /** Fields of a mapping with merge keys applied; unknown fields are errors unless ignored. */
        Map<String, NodeTuple> fields(MappingNode m, Set<String> known, String type, String group, int idx, String name) {
            Map<String, NodeTuple> out = new LinkedHashMap<>();
            collect(m, out, known, type, group, idx, name, false);
            return out;
        }

        private void collect(MappingNode m, Map<String, NodeTuple> out, Set<String> known, String type, String group,
                int idx, String name, boolean merged) {
            List<NodeTuple> merges = new ArrayList<>();
            for (NodeTuple t : m.getValue()) {
                Node k = t.getKeyNode();
                if (k instanceof ScalarNode ks && (ks.getTag().equals(Tag.MERGE) || "<<".equals(ks.getValue()))) {
                    merges.add(t);
                    continue;
                }
                if (!(k instanceof ScalarNode ks2)) {
                    error(k, group, idx, name, "mapping keys must be strings");
                    continue;
                }
                String key = ks2.getValue();
                if (!known.contains(key)) {
                    if (!options.ignoreUnknownFields() && !merged) {
                        error(k, group, idx, name, "yaml: unmarshal errors:\n  line " + (k.getStartMark().getLine() + 1)
                                + ": field " + key + " not found in type " + type);
                    }
                    continue;
                }
                if (!merged || !out.containsKey(key)) {
                    out.put(key, t);
                }
            }
            for (NodeTuple t : merges) {
                Node v = t.getValueNode();
                if (v instanceof MappingNode mm) {
                    collect(mm, out, known, type, group, idx, name, true);
                } else if (v instanceof SequenceNode s) {
                    for (Node n : s.getValue()) {
                        if (n instanceof MappingNode mm) {
                            collect(mm, out, known, type, group, idx, name, true);
                        }
                    }
                }
            }
        }

        String scalar(NodeTuple t, String group, int idx, String name) {
            if (t == null || isNull(t.getValueNode())) {
                return null;
            }
            if (t.getValueNode() instanceof ScalarNode s) {
                return s.getValue();
            }
            error(t.getValueNode(), group, idx, name, "yaml: unmarshal errors:\n  line "
                    + (t.getValueNode().getStartMark().getLine() + 1) + ": cannot unmarshal " + kind(t.getValueNode())
                    + " into string");
            return null;
        }

        long duration(NodeTuple t, String group, int idx, String name, long dflt) {
            String s = scalar(t, group, idx, name);
            if (s == null) {
                return dflt;
            }
            try {
                return Durations.parse(s);
            } catch (SuiteException e) {
                error(t.getValueNode(), group, idx, name, e.getMessage());
                return dflt;
            }
        }

        Map<String, String> stringMap(NodeTuple t, String group, int idx, String name) {
            Map<String, String> out = new LinkedHashMap<>();
            if (t == null || isNull(t.getValueNode())) {
                return out;
            }
            if (!(t.getValueNode() instanceof MappingNode m)) {
                error(t.getValueNode(), group, idx, name, "yaml: unmarshal errors:\n  line "
                        + (t.getValueNode().getStartMark().getLine() + 1) + ": cannot unmarshal " + kind(t.getValueNode())
                        + " into map[string]string");
                return out;
            }
            for (NodeTuple e : m.getValue()) {
                if (e.getKeyNode() instanceof ScalarNode k && e.getValueNode() instanceof ScalarNode v) {
                    out.put(k.getValue(), isNull(v) ? "" : v.getValue());
                } else {
                    error(e.getValueNode(), group, idx, name, "yaml: unmarshal errors:\n  line "
                            + (e.getValueNode().getStartMark().getLine() + 1) + ": cannot unmarshal "
                            + kind(e.getValueNode()) + " into string");
                }
            }
            return out;
        }

        private static String kind(Node n) {
            return switch (n) {
                case MappingNode m -> "!!map";
                case SequenceNode s -> "!!seq";
                default -> n.getTag().getValue().replace("tag:yaml.org,2002:", "!!");
            };
        }
    }
}
