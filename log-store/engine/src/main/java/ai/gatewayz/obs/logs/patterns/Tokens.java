package ai.gatewayz.obs.logs.patterns;

import java.util.Arrays;

/**
 * Splits a line into the tokens the clusterer compares: runs of non-blank characters, each cut once
 * more after every {@code =}, {@code :} and {@code ,} inside it, so that logfmt pairs and JSON
 * members keep their key when the value varies. A token whose first letter-or-digit is a digit is
 * a variable from the start: its core becomes {@link #VAR}, its surrounding punctuation stays
 * ({@code "2.5s",} becomes {@code "<_>",}); numbers, durations, addresses and most ids never belong
 * to a template, while {@code HTTP/1.1} or {@code gpt-4o} may (Drain decides those by comparing
 * lines). Stateless; {@link Line} and {@link Cache} are per-stream buffers.
 */
final class Tokens {
    static final String VAR = "<_>";

    private Tokens() {
    }

    /**
     * A tokenised line: {@code tokens[i]} is preceded by a blank in the line iff {@code spaced[i]},
     * for {@code i < length()}. One buffer is reused line after line by its stream (the arrays only
     * grow), so splitting allocates only the tokens it has not seen lately. Not thread-safe.
     */
    static final class Line {
        private String[] tokens = new String[16];
        private boolean[] spaced = new boolean[16];
        private char[] chars = new char[256];
        private int length;

        int length() {
            return length;
        }

        /** The backing array; only the first {@link #length()} entries belong to the line. */
        String[] tokens() {
            return tokens;
        }

        boolean[] spaced() {
            return spaced;
        }

        private void add(String token, boolean blankBefore) {
            if (length == tokens.length) {
                tokens = Arrays.copyOf(tokens, length * 2);
                spaced = Arrays.copyOf(spaced, length * 2);
            }
            tokens[length] = token;
            spaced[length++] = blankBefore;
        }
    }

    /**
     * The tokens a stream produced lately, hashed by their text: a token seen again is returned from
     * here instead of being cut from the line anew (templates repeat their words line after line). A
     * slot holds the newest token hashed to it, with its characters for a vectorised comparison. Not
     * thread-safe.
     */
    static final class Cache {
        private final String[] slots;
        private final char[][] chars;

        Cache(int size) {
            int n = Integer.highestOneBit(Math.max(16, size));
            slots = new String[n];
            chars = new char[n][];
        }

        /** {@code c[start, end)}, or if {@code masked}, {@code c[start, a) + VAR + c[b, end)}. */
        String get(char[] c, int start, int end, boolean masked, int a, int b) {
            // a cheap hash of the ends, the middle and the length: the comparison below decides, a
            // collision only costs a miss
            int len0 = end - start;
            int h = len0 * 0x9E3779B1 + c[start] * 31 + c[end - 1] * 961 + c[start + len0 / 2] * 29791;
            if (masked) {
                h = h * 31 + a - start;
            }
            int pre = a - start;
            int len = masked ? pre + VAR.length() + end - b : end - start;
            int slot = (h ^ h >>> 16) & slots.length - 1;
            char[] k = chars[slot];
            if (k != null && k.length == len && (masked
                    ? Arrays.equals(k, 0, pre, c, start, a) && k[pre] == '<' && k[pre + 1] == '_' && k[pre + 2] == '>'
                            && Arrays.equals(k, pre + 3, len, c, b, end)
                    : Arrays.equals(k, 0, len, c, start, end))) {
                return slots[slot];
            }
            String s = masked ? new String(c, start, pre) + VAR + new String(c, b, end - b) : new String(c, start, len);
            slots[slot] = s;
            chars[slot] = s.toCharArray();
            return s;
        }
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean letterOrDigit(char c) {
        if (c < 128) {
            return c >= '0' && c <= '9' || (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        }
        return Character.isLetterOrDigit(c);
    }

    /** Splits {@code line} into {@code out} (cleared first), taking known tokens from {@code cache}. */
    static Line split(String line, int maxTokens, Line out, Cache cache) {
        out.length = 0;
        int n = line.length();
        if (out.chars.length < n) {
            out.chars = new char[Math.max(n, out.chars.length * 2)];
        }
        char[] c = out.chars;
        line.getChars(0, n, c, 0);
        int i = 0;
        boolean blankBefore = false;
        while (i < n) {
            if (blank(c[i])) {
                blankBefore = true;
                i++;
                continue;
            }
            if (out.length >= maxTokens - 1) {
                // The rest of a very long line is one variable: it bounds cost and cluster width.
                out.add(VAR, blankBefore);
                break;
            }
            int start = i;
            while (i < n && !blank(c[i])) {
                char d = c[i++];
                boolean cut = (d == '=' || d == ':' || d == ',') && i < n && !blank(c[i]);
                if (cut && out.length < maxTokens - 2) {
                    out.add(mask(c, start, i, cache), blankBefore);
                    blankBefore = false;
                    start = i;
                }
            }
            out.add(mask(c, start, i, cache), blankBefore);
            blankBefore = false;
        }
        return out;
    }

    private static boolean trailing(char c) {
        return switch (c) {
            case '"', '\'', ',', ':', ';', '=', ')', ']', '}' -> true;
            default -> false;
        };
    }

    /** The token {@code c[start, end)}, its core replaced by {@link #VAR} when it starts with a digit. */
    private static String mask(char[] c, int start, int end, Cache cache) {
        int a = start;
        while (a < end && !letterOrDigit(c[a])) {
            a++;
        }
        if (a == end || c[a] < '0' || c[a] > '9') {
            return cache.get(c, start, end, false, 0, 0);
        }
        int b = end;
        while (b > a && trailing(c[b - 1])) {
            b--;
        }
        return a == start && b == end ? VAR : cache.get(c, start, end, true, a, b);
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
