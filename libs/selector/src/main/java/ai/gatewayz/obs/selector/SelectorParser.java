package ai.gatewayz.obs.selector;

import ai.gatewayz.obs.common.GoStrings;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses {@code [metric]{name op "value", ...}} as Prometheus's {@code ParseMetricSelector} does:
 * operators {@code = != =~ !~}, label names as identifiers or quoted strings, a lone quoted string
 * inside the braces as the metric name, an optional trailing comma. {@link #parse} also accepts a
 * selector that matches everything ({@code {}}), which Pyroscope and Loki's label APIs take;
 * {@link #parseStrict} adds Prometheus's "at least one non-empty matcher" rule. Failures are
 * {@link SelectorException}s. Stateless and thread-safe.
 */
public final class SelectorParser {
    private final String text;
    private final List<SelectorToken> tokens;
    private int i;

    private SelectorParser(String text) {
        this.text = text;
        this.tokens = SelectorLexer.lex(text);
    }

    /** Parses a selector; {@code {}} and matchers that all accept the empty string are allowed. */
    public static Selector parse(String text) {
        return new SelectorParser(text == null ? "" : text).selector();
    }

    /** Parses a selector and rejects one that would select every series, as PromQL does. */
    public static Selector parseStrict(String text) {
        Selector s = parse(text);
        if (s.selectsEverything()) {
            throw SelectorErrors.noNonEmptyMatcher(text, firstNonSpace(text));
        }
        return s;
    }

    private static int firstNonSpace(String text) {
        int p = 0;
        while (p < text.length() && Character.isWhitespace(text.charAt(p))) {
            p++;
        }
        return p;
    }

    private SelectorToken peek() {
        return tokens.get(i);
    }

    private SelectorToken next() {
        return tokens.get(i++);
    }

    private boolean at(SelectorToken.Kind k) {
        return peek().kind() == k;
    }

    private Selector selector() {
        SelectorToken first = peek();
        String metric = null;
        if (first.kind() == SelectorToken.Kind.EOF) {
            throw SelectorErrors.endOfInput(text, first.pos());
        }
        if (first.kind() == SelectorToken.Kind.IDENTIFIER) {
            metric = next().text();
        } else if (first.kind() != SelectorToken.Kind.LEFT_BRACE) {
            throw SelectorErrors.unexpected(text, first, null);
        }
        List<LabelMatcher> matchers = new ArrayList<>();
        if (at(SelectorToken.Kind.LEFT_BRACE)) {
            metric = braces(metric, matchers);
        }
        if (!at(SelectorToken.Kind.EOF)) {
            throw SelectorErrors.unexpected(text, peek(), null);
        }
        if (metric != null) {
            for (LabelMatcher m : matchers) {
                if (m.name().equals(Labels.METRIC_NAME)) {
                    throw SelectorErrors.metricNameTwice(text, first.pos(), metric, m.value());
                }
            }
            matchers.add(0, LabelMatcher.eq(Labels.METRIC_NAME, metric));
        }
        return new Selector(metric, matchers);
    }

    /** Reads {@code { ... }} into {@code out}; returns the metric name (given before or set inside). */
    private String braces(String metric, List<LabelMatcher> out) {
        next();
        while (!at(SelectorToken.Kind.RIGHT_BRACE)) {
            SelectorToken l = next();
            String label;
            if (l.kind() == SelectorToken.Kind.STRING) {
                SelectorToken.Kind after = peek().kind();
                if (after == SelectorToken.Kind.COMMA || after == SelectorToken.Kind.RIGHT_BRACE) {
                    String name = unquote(l);
                    if (metric != null) {
                        throw SelectorErrors.metricNameTwice(text, l.pos(), metric, name);
                    }
                    metric = name;
                    skipComma();
                    continue;
                }
                label = unquote(l);
            } else if (l.kind() == SelectorToken.Kind.IDENTIFIER) {
                label = l.text();
            } else {
                throw SelectorErrors.unexpected(text, l, "in label matching, expected identifier or \"}\"");
            }
            SelectorToken op = next();
            LabelMatcher.Type type = switch (op.kind()) {
                case EQ -> LabelMatcher.Type.EQ;
                case NEQ -> LabelMatcher.Type.NEQ;
                case RE -> LabelMatcher.Type.RE;
                case NRE -> LabelMatcher.Type.NRE;
                default -> throw SelectorErrors.unexpected(text, op, "in label matching, expected label matching operator");
            };
            SelectorToken v = next();
            if (v.kind() != SelectorToken.Kind.STRING) {
                throw SelectorErrors.unexpected(text, v, "in label matching, expected string");
            }
            String value = unquote(v);
            out.add(matcher(type, label, value, l.pos()));
            if (at(SelectorToken.Kind.COMMA)) {
                next();
            } else if (!at(SelectorToken.Kind.RIGHT_BRACE)) {
                throw SelectorErrors.unexpected(text, peek(), "in label matching, expected \",\" or \"}\"");
            }
        }
        next();
        return metric;
    }

    private void skipComma() {
        if (at(SelectorToken.Kind.COMMA)) {
            next();
        } else if (!at(SelectorToken.Kind.RIGHT_BRACE)) {
            throw SelectorErrors.unexpected(text, peek(), "in label matching, expected \",\" or \"}\"");
        }
    }

    private LabelMatcher matcher(LabelMatcher.Type type, String label, String value, int pos) {
        try {
            return LabelMatcher.of(type, label, value);
        } catch (SuiteException e) {
            // Only a regex can fail; compile again on this error path to get Java's own description.
            String description = e.getMessage();
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException p) {
                description = p.getDescription();
            }
            throw SelectorErrors.badRegex(text, pos, value, description);
        }
    }

    private String unquote(SelectorToken t) {
        try {
            return GoStrings.unquote(t.text());
        } catch (IllegalArgumentException e) {
            throw SelectorErrors.badString(text, t.pos(), e.getMessage());
        }
    }
}
