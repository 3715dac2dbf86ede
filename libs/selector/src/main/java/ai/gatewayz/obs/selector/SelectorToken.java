package ai.gatewayz.obs.selector;

import ai.gatewayz.obs.common.GoStrings;

/** One lexed token of a selector: its kind, raw text and 0-based offset. Immutable. */
record SelectorToken(Kind kind, String text, int pos) {
    enum Kind {
        IDENTIFIER, STRING, LEFT_BRACE, RIGHT_BRACE, COMMA, EQ, NEQ, RE, NRE, EOF
    }

    /** How Prometheus names a token in "unexpected ..." messages. */
    String describe() {
        return switch (kind) {
            case EOF -> "end of input";
            case IDENTIFIER -> "identifier " + shortQuote(text);
            case STRING -> "string " + shortQuote(text);
            case LEFT_BRACE, RIGHT_BRACE, COMMA, EQ -> "\"" + text + "\"";
            case NEQ, RE, NRE -> "<op:" + text + ">";
        };
    }

    private static String shortQuote(String s) {
        return s.length() > 10 ? GoStrings.quote(s.substring(0, 10)) + "..." : GoStrings.quote(s);
    }
}
