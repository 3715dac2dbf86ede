package ai.gatewayz.obs.logs.logql.pipeline;

import ai.gatewayz.obs.logs.logql.LogqlErrors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A pattern expression ({@code <ip> - <_> "<method> <uri>"}): literals and captures, matched from
 * the line start, each capture running to the next literal's first occurrence or the line end.
 * Immutable and thread-safe.
 */
public final class PatternMatcher {
    private final String[] literals; // literals[i] precedes capture i; literals[n] trails
    private final String[] names; // "_" for skipped captures
    private final boolean startsWithCapture;

    private PatternMatcher(String[] literals, String[] names, boolean startsWithCapture) {
        this.literals = literals;
        this.names = names;
        this.startsWithCapture = startsWithCapture;
    }

    /** Compiles; {@code parser} requires at least one named capture, as the pattern parser does. */
    public static PatternMatcher compile(String pattern, boolean parser) {
        List<String> lits = new ArrayList<>();
        List<String> caps = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        Set<String> seen = new HashSet<>();
        boolean lastWasCapture = false;
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '<') {
                int end = pattern.indexOf('>', i);
                String name = end < 0 ? null : pattern.substring(i + 1, end);
                if (name != null && isName(name)) {
                    if (lastWasCapture && lit.isEmpty()) {
                        throw LogqlErrors.semantic("invalid pattern: consecutive captures are not allowed: " + pattern);
                    }
                    if (!name.equals("_") && !seen.add(name)) {
                        throw LogqlErrors.semantic("invalid pattern: duplicate capture name (" + name + "): " + pattern);
                    }
                    lits.add(lit.toString());
                    lit.setLength(0);
                    caps.add(name);
                    lastWasCapture = true;
                    i = end + 1;
                    continue;
                }
            }
            lit.append(c);
            i++;
        }
        lits.add(lit.toString());
        if (caps.isEmpty() && parser) {
            throw LogqlErrors.semantic("invalid pattern: at least one capture is required: " + pattern);
        }
        if (parser && seen.isEmpty()) {
            throw LogqlErrors.semantic("invalid pattern: at least one named capture is required: " + pattern);
        }
        if (!parser && caps.isEmpty() && lits.get(0).isEmpty()) {
            throw LogqlErrors.semantic("invalid pattern: empty pattern");
        }
        return new PatternMatcher(lits.toArray(new String[0]), caps.toArray(new String[0]), lits.get(0).isEmpty());
    }

    private static boolean isName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        if (s.equals("_")) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Capture names in order ("_" for skipped ones). */
    public String[] names() {
        return names;
    }

    /**
     * Matches {@code line}; fills {@code values} (one per capture) and returns true, or false when a
     * literal is missing. With {@code whole}, trailing text after a trailing literal fails the match.
     */
    public boolean match(String line, String[] values, boolean whole) {
        int pos = 0;
        if (!literals[0].isEmpty()) {
            if (!line.startsWith(literals[0])) {
                return false;
            }
            pos = literals[0].length();
        }
        if (names.length == 0) {
            return !whole || pos == line.length();
        }
        for (int c = 0; c < names.length; c++) {
            String nextLit = literals[c + 1];
            boolean last = c == names.length - 1;
            int end;
            if (nextLit.isEmpty()) {
                end = line.length();
            } else if (last && whole) {
                // the trailing literal must end the line
                end = line.length() - nextLit.length();
                if (end < pos || !line.endsWith(nextLit)) {
                    return false;
                }
            } else {
                end = line.indexOf(nextLit, pos);
                if (end < 0) {
                    return false;
                }
            }
            if (values != null) {
                values[c] = line.substring(pos, end);
            }
            pos = end + nextLit.length();
        }
        return true;
    }

    boolean startsWithCapture() {
        return startsWithCapture;
    }
}
