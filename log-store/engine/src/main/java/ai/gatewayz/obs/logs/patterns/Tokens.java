package ai.gatewayz.obs.logs.patterns;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line into the tokens the clusterer compares: runs of non-blank characters, each cut once
 * more after every {@code =}, {@code :} and {@code ,} inside it, so that logfmt pairs and JSON
 * members keep their key when the value varies. A token whose first letter-or-digit is a digit is
 * a variable from the start: its core becomes {@link #VAR}, its surrounding punctuation stays
 * ({@code "2.5s",} becomes {@code "<_>",}); numbers, durations, addresses and most ids never belong
 * to a template, while {@code HTTP/1.1} or {@code gpt-4o} may (Drain decides those by comparing
 * lines). Stateless.
 */
final class Tokens {
    static final String VAR = "<_>";

    private Tokens() {
    }

    /** A tokenised line: {@code tokens[i]} is preceded by a blank in the line iff {@code spaced[i]}. */
    record Line(String[] tokens, boolean[] spaced) {
        int length() {
            return tokens.length;
        }
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    static Line split(String line, int maxTokens) {
        List<String> toks = new ArrayList<>(16);
        List<Boolean> spaced = new ArrayList<>(16);
        int n = line.length();
        int i = 0;
        boolean blankBefore = false;
        while (i < n) {
            if (blank(line.charAt(i))) {
                blankBefore = true;
                i++;
                continue;
            }
            if (toks.size() >= maxTokens - 1) {
                // The rest of a very long line is one variable: it bounds cost and cluster width.
                toks.add(VAR);
                spaced.add(blankBefore);
                break;
            }
            int start = i;
            while (i < n && !blank(line.charAt(i))) {
                char d = line.charAt(i++);
                boolean cut = (d == '=' || d == ':' || d == ',') && i < n && !blank(line.charAt(i));
                if (cut && toks.size() < maxTokens - 2) {
                    toks.add(mask(line.substring(start, i)));
                    spaced.add(blankBefore);
                    blankBefore = false;
                    start = i;
                }
            }
            toks.add(mask(line.substring(start, i)));
            spaced.add(blankBefore);
            blankBefore = false;
        }
        boolean[] sp = new boolean[spaced.size()];
        for (int k = 0; k < sp.length; k++) {
            sp[k] = spaced.get(k);
        }
        return new Line(toks.toArray(new String[0]), sp);
    }

    private static String mask(String t) {
        int a = 0;
        while (a < t.length() && !Character.isLetterOrDigit(t.charAt(a))) {
            a++;
        }
        if (a == t.length() || t.charAt(a) < '0' || t.charAt(a) > '9') {
            return t;
        }
        int b = t.length();
        while (b > a && "\"',:;=)]}".indexOf(t.charAt(b - 1)) >= 0) {
            b--;
        }
        return a == 0 && b == t.length() ? VAR : t.substring(0, a) + VAR + t.substring(b);
    }

    /** The template text: tokens joined with the blanks of the line that founded the cluster. */
    static String render(String[] tokens, boolean[] spaced) {
        StringBuilder sb = new StringBuilder(tokens.length * 8);
        for (int i = 0; i < tokens.length; i++) {
            if (spaced[i] && !sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(tokens[i]);
        }
        return sb.toString();
    }
}
