package ai.gatewayz.obs.common;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ${VAR}} and {@code ${VAR:-default}} expansion that Prometheus-style deployments, Loki's
 * and Tempo's {@code -config.expand-env} apply to a configuration file before it is parsed. As in a
 * shell, the default is used when the variable is unset or empty; an unset variable without a default
 * expands to nothing. Stateless and thread-safe.
 */
public final class EnvExpansion {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private EnvExpansion() {
    }

    /** {@code text} with every reference replaced by {@code env}'s value (null meaning unset). */
    public static String expand(String text, Function<String, String> env) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            String v = env.apply(m.group(1));
            if (v == null || v.isEmpty()) {
                v = m.group(2) == null ? "" : m.group(2);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
