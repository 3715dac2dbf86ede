package ai.gatewayz.obs.selector;

import ai.gatewayz.obs.common.GoStrings;

/** One factory per selector syntax failure, worded as Prometheus's parser words it. Stateless. */
final class SelectorErrors {
    private SelectorErrors() {
    }

    static SelectorException endOfInput(String text, int pos) {
        return new SelectorException(text, pos, "unexpected end of input");
    }

    static SelectorException endOfInputInsideBraces(String text, int pos) {
        return new SelectorException(text, pos, "unexpected end of input inside braces");
    }

    static SelectorException unexpected(String text, SelectorToken t, String context) {
        return new SelectorException(text, t.pos(), "unexpected " + t.describe() + (context == null ? "" : " " + context));
    }

    static SelectorException unexpectedCharacter(String text, int pos, int codePoint, boolean insideBraces) {
        return new SelectorException(text, pos,
                "unexpected character" + (insideBraces ? " inside braces" : "") + ": " + quoteRune(codePoint));
    }

    static SelectorException unexpectedAfterBang(String text, int pos, int codePoint) {
        return new SelectorException(text, pos, "unexpected character after '!' inside braces: " + quoteRune(codePoint));
    }

    static SelectorException unexpectedLeftBrace(String text, int pos) {
        return new SelectorException(text, pos, "unexpected left brace '{'");
    }

    static SelectorException unexpectedRightBrace(String text, int pos) {
        return new SelectorException(text, pos, "unexpected right brace '}'");
    }

    static SelectorException unterminatedString(String text, int pos, boolean raw) {
        return new SelectorException(text, pos, "unterminated " + (raw ? "raw string" : "quoted string"));
    }

    static SelectorException badString(String text, int pos, String detail) {
        return new SelectorException(text, pos, detail);
    }

    static SelectorException metricNameTwice(String text, int pos, String first, String second) {
        return new SelectorException(text, pos, "metric name must not be set twice: " + GoStrings.quote(first) + " or "
                + GoStrings.quote(second));
    }

    static SelectorException noNonEmptyMatcher(String text, int pos) {
        return new SelectorException(text, pos, "vector selector must contain at least one non-empty matcher");
    }

    /** A regex that does not compile, in Go's regexp wording where the Java reason has a Go twin. */
    static SelectorException badRegex(String text, int pos, String regex, String javaDescription) {
        String anchored = "^(?:" + regex + ")$";
        String reason;
        if (javaDescription.startsWith("Unclosed group")) {
            reason = "error parsing regexp: missing closing ): `" + anchored + "`";
        } else if (javaDescription.startsWith("Unmatched closing")) {
            reason = "error parsing regexp: unexpected ): `" + anchored + "`";
        } else if (javaDescription.startsWith("Unclosed character class")) {
            reason = "error parsing regexp: missing closing ]: `" + regex.substring(regex.lastIndexOf('[')) + ")$`";
        } else if (javaDescription.startsWith("Dangling meta character")) {
            reason = "error parsing regexp: missing argument to repetition operator: `"
                    + javaDescription.substring(javaDescription.indexOf('\'') + 1, javaDescription.lastIndexOf('\'')) + "`";
        } else {
            reason = "error parsing regexp: " + javaDescription + ": `" + anchored + "`";
        }
        return new SelectorException(text, pos, reason);
    }

    /** Go's {@code %q} of a rune, as Prometheus's lexer prints it. */
    static String quoteRune(int c) {
        if (c < 0) {
            return "U+FFFFFFFF";
        }
        if (c == '\'') {
            return "'\\''";
        }
        if (c == '\\') {
            return "'\\\\'";
        }
        if (c < 0x20 || c == 0x7f) {
            return switch (c) {
                case '\n' -> "'\\n'";
                case '\t' -> "'\\t'";
                case '\r' -> "'\\r'";
                default -> String.format("'\\x%02x'", c);
            };
        }
        return "'" + new String(Character.toChars(c)) + "'";
    }
}
