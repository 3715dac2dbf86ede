package ai.gatewayz.obs.logs.patterns;

import java.util.HashMap;
import java.util.Map;

/**
 * One pattern: a template of tokens where positions seen with different values are {@link Tokens#VAR},
 * and sample counts per detected level. Not thread-safe: guarded by the owning stream's lock.
 */
final class Cluster {
    final String[] tokens;
    final boolean[] spaced;
    final Map<String, Samples> perLevel = new HashMap<>(4);
    long lastUsed;
    private String rendered;

    Cluster(Tokens.Line line) {
        this.tokens = line.tokens().clone();
        this.spaced = line.spaced().clone();
    }

    /**
     * Share of positions where the template and the line agree. A variable position agrees with any
     * token carrying its punctuation ({@code "<_>",} with {@code "warn",}), as Drain's wildcards do.
     */
    double similarity(Tokens.Line line) {
        String[] t = line.tokens();
        int same = 0;
        for (int i = 0; i < tokens.length; i++) {
            if (agrees(tokens[i], t[i])) {
                same++;
            }
        }
        return (double) same / tokens.length;
    }

    static boolean agrees(String template, String token) {
        if (template.equals(token)) {
            return true;
        }
        int v = template.indexOf(Tokens.VAR);
        if (v < 0) {
            return false;
        }
        String suffix = template.substring(v + Tokens.VAR.length());
        return token.length() > v + suffix.length() && token.startsWith(template.substring(0, v)) && token.endsWith(suffix);
    }

    /** The widest token covering both: their common leading and trailing punctuation around {@code <_>}. */
    static String generalize(String a, String b) {
        int p = 0;
        int max = Math.min(a.length(), b.length());
        while (p < max && a.charAt(p) == b.charAt(p) && !Character.isLetterOrDigit(a.charAt(p)) && a.charAt(p) != '<') {
            p++;
        }
        int s = 0;
        while (s < max - p && a.charAt(a.length() - 1 - s) == b.charAt(b.length() - 1 - s)
                && !Character.isLetterOrDigit(a.charAt(a.length() - 1 - s)) && a.charAt(a.length() - 1 - s) != '>') {
            s++;
        }
        return a.substring(0, p) + Tokens.VAR + a.substring(a.length() - s);
    }

    /** Number of variable positions, the tie-breaker between equally similar clusters (fewer is more specific). */
    int variables() {
        int v = 0;
        for (String t : tokens) {
            if (t.contains(Tokens.VAR)) {
                v++;
            }
        }
        return v;
    }

    /** Widens the template to cover the line. */
    void merge(Tokens.Line line) {
        String[] t = line.tokens();
        for (int i = 0; i < tokens.length; i++) {
            if (!tokens[i].equals(t[i])) {
                String g = generalize(tokens[i], t[i]);
                if (!g.equals(tokens[i])) {
                    tokens[i] = g;
                    rendered = null;
                }
            }
        }
    }

    void count(String level, long bucket) {
        perLevel.computeIfAbsent(level, l -> new Samples()).add(bucket);
    }

    String pattern() {
        if (rendered == null) {
            rendered = Tokens.render(tokens, spaced);
        }
        return rendered;
    }

    /** Drops samples before {@code oldest}; true when the cluster has none left. */
    boolean trim(long oldest) {
        perLevel.values().removeIf(s -> s.trim(oldest));
        return perLevel.isEmpty();
    }
}
