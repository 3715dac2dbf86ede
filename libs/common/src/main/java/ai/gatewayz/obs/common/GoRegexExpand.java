package ai.gatewayz.obs.common;

import java.util.regex.Matcher;

/**
 * Go's {@code regexp.Expand}, which Prometheus uses for {@code label_replace} and relabeling:
 * {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}} and {@code $$}. A name is the longest run
 * of letters, digits and underscores, so {@code $1x} names group "1x"; unknown groups expand to
 * nothing. Stateless and thread-safe.
 */
public final class GoRegexExpand {
    private GoRegexExpand() {
    }

    /** Expands {@code template} with the groups of {@code m}, which must have matched. */
    public static String expand(Matcher m, String template) {
        if (template.indexOf('$') < 0) {
            return template;
        }
        StringBuilder sb = new StringBuilder(template.length() + 16);
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                sb.append(c);
                i++;
                continue;
            }
            char next = template.charAt(i + 1);
            if (next == '$') {
                sb.append('$');
                i += 2;
                continue;
            }
            String name;
            int end;
            if (next == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    sb.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                end = close + 1;
            } else {
                int j = i + 1;
                while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
                    j++;
                }
                name = template.substring(i + 1, j);
                end = j;
            }
            if (name.isEmpty()) {
                sb.append(c);
                i++;
                continue;
            }
            sb.append(group(m, name));
            i = end;
        }
        return sb.toString();
    }

    private static String group(Matcher m, String name) {
        String v;
        try {
            if (name.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                int g = name.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(name);
                v = g <= m.groupCount() ? m.group(g) : null;
            } else {
                v = m.group(name);
            }
        } catch (IllegalArgumentException e) {
            v = null; // no group of that name
        }
        return v == null ? "" : v;
    }
}
