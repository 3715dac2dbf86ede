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
    /** Per position: the punctuation before and after {@code <_>} of a variable token, null for a literal one. */
    private final String[] prefix;
    private final String[] suffix;
    private int variables;
    /** The last level counted and its samples: lines of one cluster mostly share a level. */
    private String lastLevel;
    private Samples lastSamples;

    Cluster(Tokens.Line line) {
        this.tokens = java.util.Arrays.copyOf(line.tokens(), line.length());
        this.spaced = java.util.Arrays.copyOf(line.spaced(), line.length());
        prefix = new String[tokens.length];
        suffix = new String[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            index(i);
        }
    }

    private void index(int i) {
        int v = tokens[i].indexOf(Tokens.VAR);
        boolean was = prefix[i] != null;
        if (v < 0) {
            prefix[i] = null;
            suffix[i] = null;
        } else {
            prefix[i] = tokens[i].substring(0, v);
            suffix[i] = tokens[i].substring(v + Tokens.VAR.length());
        }
        variables += (prefix[i] != null ? 1 : 0) - (was ? 1 : 0);
    }

    /**
     * Share of positions where the template and the line agree. A variable position agrees with any
     * token carrying its punctuation ({@code "<_>",} with {@code "warn",}), as Drain's wildcards do.
     */
    double similarity(Tokens.Line line) {
        String[] t = line.tokens();
        int same = 0;
        for (int i = 0; i < tokens.length; i++) {
            if (agrees(i, t[i])) {
                same++;
            }
        }
        return (double) same / tokens.length;
    }

    /** Whether the template's position {@code i} takes {@code token}; allocates nothing (prefix and suffix are kept per position). */
    private boolean agrees(int i, String token) {
        if (tokens[i].equals(token)) {
            return true;
        }
        String p = prefix[i];
        if (p == null) {
            return false;
        }
        String s = suffix[i];
        return token.length() > p.length() + s.length() && token.startsWith(p) && token.endsWith(s);
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
        return variables;
    }

    /** Widens the template to cover the line. */
    void merge(Tokens.Line line) {
        String[] t = line.tokens();
        for (int i = 0; i < tokens.length; i++) {
            if (!tokens[i].equals(t[i]) && !coveredVariable(i, t[i])) {
                String g = generalize(tokens[i], t[i]);
                if (!g.equals(tokens[i])) {
                    tokens[i] = g;
                    index(i);
                    rendered = null;
                }
            }
        }
    }

    /**
     * True when the variable at {@code i} already covers {@code token}, so that {@link #generalize}
     * would return the template token unchanged: the token agrees with it, and its punctuation holds
     * no {@code <} or {@code >} (where generalize stops early).
     */
    private boolean coveredVariable(int i, String token) {
        String p = prefix[i];
        return p != null && p.indexOf('<') < 0 && suffix[i].indexOf('>') < 0 && agrees(i, token);
    }

    void count(String level, long bucket) {
        if (level.equals(lastLevel)) {
            lastSamples.add(bucket);
            return;
        }
        Samples s = perLevel.computeIfAbsent(level, l -> new Samples());
        lastLevel = level;
        lastSamples = s;
        s.add(bucket);
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
        lastLevel = null;
        lastSamples = null;
        return perLevel.isEmpty();
    }
}
