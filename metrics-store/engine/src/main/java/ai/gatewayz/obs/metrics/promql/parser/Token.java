package ai.gatewayz.obs.metrics.promql.parser;

/** One lexed token: its kind, its raw text and its character offsets in the query. */
record Token(TokenType type, String text, int pos) {
    int end() {
        return pos + text.length();
    }

    /** How Prometheus describes a token in "unexpected ..." messages. */
    String describe() {
        return switch (type) {
            case EOF -> "end of input";
            case IDENTIFIER, METRIC_IDENTIFIER -> "identifier " + quoteShort(text);
            case NUMBER -> "number " + quoteShort(text);
            case DURATION -> "duration " + quoteShort(text);
            case STRING -> "string " + quoteShort(text);
            case LEFT_PAREN, RIGHT_PAREN, LEFT_BRACE, RIGHT_BRACE, LEFT_BRACKET, RIGHT_BRACKET, COMMA, COLON, ASSIGN ->
                    "\"" + text + "\"";
            case AT -> "\"@\"";
            default -> type.isOperator() ? "<op:" + text + ">" : "<" + text + ">";
        };
    }

    private static String quoteShort(String s) {
        if (s.length() > 10) {
            return Printer.goQuote(s.substring(0, 10)) + "...";
        }
        return Printer.goQuote(s);
    }
}
