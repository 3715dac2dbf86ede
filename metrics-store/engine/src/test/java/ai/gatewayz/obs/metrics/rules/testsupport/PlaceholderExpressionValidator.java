package ai.gatewayz.obs.metrics.rules.testsupport;

import ai.gatewayz.obs.rules.ExpressionValidator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TEST SUPPORT ONLY — a placeholder for the PromQL parser's validation until it is merged: rejects
 * unbalanced brackets, expressions ending in a binary operator and calls of functions PromQL does
 * not have (PromQL 2.42's function list). It accepts many invalid expressions; the real parser
 * replaces it in production wiring.
 */
public final class PlaceholderExpressionValidator implements ExpressionValidator {
    private static final Set<String> FUNCTIONS = Set.of("abs", "absent", "absent_over_time", "acos", "acosh", "asin",
            "asinh", "atan", "atanh", "avg_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min", "cos", "cosh",
            "count_over_time", "days_in_month", "day_of_month", "day_of_week", "day_of_year", "deg", "delta", "deriv",
            "exp", "floor", "histogram_count", "histogram_sum", "histogram_fraction", "histogram_quantile",
            "histogram_stddev", "histogram_stdvar", "holt_winters", "hour", "idelta", "increase", "irate",
            "label_replace", "label_join", "last_over_time", "ln", "log10", "log2", "max_over_time", "min_over_time",
            "minute", "month", "pi", "predict_linear", "present_over_time", "quantile_over_time", "rad", "rate",
            "resets", "round", "scalar", "sgn", "sin", "sinh", "sort", "sort_desc", "sqrt", "stddev_over_time",
            "stdvar_over_time", "sum_over_time", "tan", "tanh", "time", "timestamp", "vector", "year",
            // aggregations and keywords that may precede '('
            "sum", "avg", "min", "max", "count", "group", "stddev", "stdvar", "topk", "bottomk", "quantile",
            "count_values", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless",
            "bool", "offset");
    /** A range-vector function applied to a bare instant selector such as {@code rate(x)}. */
    private static final Pattern RANGE_FN_ON_INSTANT = Pattern.compile("\\b(rate|irate|increase|delta|idelta|deriv|changes|resets"
            + "|[a-z]+_over_time)\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?)\\s*\\)");
    private static final Pattern CALL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\(");

    @Override
    public Optional<String> check(String expr) {
        String e = expr.strip();
        if (e.isEmpty()) {
            return Optional.of("unexpected end of input");
        }
        int depth = 0;
        boolean inStr = false;
        char q = 0;
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (inStr) {
                if (c == '\\') {
                    i++;
                } else if (c == q) {
                    inStr = false;
                }
                continue;
            }
            if (c == '"' || c == '\'' || c == '`') {
                inStr = true;
                q = c;
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
                if (depth < 0) {
                    return Optional.of("1:" + (i + 1) + ": parse error: unexpected right bracket");
                }
            }
        }
        if (inStr) {
            return Optional.of("1:" + e.length() + ": parse error: unterminated quoted string");
        }
        if (depth != 0) {
            return Optional.of("1:" + e.length() + ": parse error: unclosed left bracket");
        }
        char last = e.charAt(e.length() - 1);
        if ("+-*/%^<>=".indexOf(last) >= 0) {
            return Optional.of("1:" + (e.length() + 1) + ": parse error: unexpected end of input");
        }
        Matcher m = CALL.matcher(e);
        while (m.find()) {
            String fn = m.group(1);
            if (!FUNCTIONS.contains(fn)) {
                return Optional.of("1:" + (m.start() + 1) + ": parse error: unknown function with name \"" + fn + "\"");
            }
        }
        Matcher r = RANGE_FN_ON_INSTANT.matcher(e);
        if (r.find()) {
            return Optional.of("1:" + (r.start(2) + 1) + ": parse error: expected type range vector in call to function \""
                    + r.group(1) + "\", got instant vector");
        }
        return Optional.empty();
    }
}
