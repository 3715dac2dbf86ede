package ai.gatewayz.obs.logs.patterns;

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
        String[] toks = new String[16];
        boolean[] spaced = new boolean[16];
        int size = 0;
        int n = line.length();
        int i = 0;
        boolean blankBefore = false;
        while (i < n) {
            if (blank(line.charAt(i))) {
                blankBefore = true;
                i++;
                continue;
            }
            if (size + 2 >= toks.length) {
                toks = java.util.Arrays.copyOf(toks, toks.length * 2);
                spaced = java.util.Arrays.copyOf(spaced, spaced.length * 2);
            }
            if (size >= maxTokens - 1) {
                // The rest of a very long line is one variable: it bounds cost and cluster width.
                toks[size] = VAR;
                spaced[size++] = blankBefore;
                break;
            }
            int start = i;
            while (i < n && !blank(line.charAt(i))) {
                char d = line.charAt(i++);
                boolean cut = (d == '=' || d == ':' || d == ',') && i < n && !blank(line.charAt(i));
                if (cut && size < maxTokens - 2) {
                    if (size + 2 >= toks.length) {
                        toks = java.util.Arrays.copyOf(toks, toks.length * 2);
                        spaced = java.util.Arrays.copyOf(spaced, spaced.length * 2);
                    }
                    toks[size] = mask(line, start, i);
                    spaced[size++] = blankBefore;
                    blankBefore = false;
                    start = i;
                }
            }
            toks[size] = mask(line, start, i);
            spaced[size++] = blankBefore;
            blankBefore = false;
        }
        return new Line(java.util.Arrays.copyOf(toks, size), java.util.Arrays.copyOf(spaced, size));
    }

    /** The token {@code line[start, end)}, its core replaced by {@link #VAR} when it starts with a digit; allocates only what it returns. */
    private static String mask(String line, int start, int end) {
        int a = start;
        while (a < end && !Character.isLetterOrDigit(line.charAt(a))) {
            a++;
        }
        if (a == end || line.charAt(a) < '0' || line.charAt(a) > '9') {
            return line.substring(start, end);
        }
        int b = end;
        while (b > a && "\"',:;=)]}".indexOf(line.charAt(b - 1)) >= 0) {
            b--;
        }
        return a == start && b == end ? VAR : line.substring(start, a) + VAR + line.substring(b, end);
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
