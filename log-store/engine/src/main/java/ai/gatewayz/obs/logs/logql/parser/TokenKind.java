package ai.gatewayz.obs.logs.logql.parser;

/** LogQL token kinds, named as Loki's grammar names them in its syntax errors. */
public enum TokenKind {
    IDENTIFIER, STRING, NUMBER, DURATION, BYTES, RANGE, PARSER_FLAG,
    OPEN_BRACE, CLOSE_BRACE, OPEN_PARENTHESIS, CLOSE_PARENTHESIS, COMMA, DOT,
    EQ, NEQ, RE, NRE, PIPE_EXACT, PIPE_MATCH, PIPE_PATTERN, NPA, PIPE,
    CMP_EQ, LT, LTE, GT, GTE, ADD, SUB, MUL, DIV, MOD, POW,
    END("$end");

    private final String display;

    TokenKind() {
        this.display = name();
    }

    TokenKind(String display) {
        this.display = display;
    }

    /** How Loki's parser names the token in "unexpected X". */
    public String display() {
        return display;
    }
}
