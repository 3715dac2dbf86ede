package ai.gatewayz.obs.traces.traceql;

/** One lexical token; {@code col} is 1-based. */
record Token(Kind kind, String text, int col) {
    enum Kind {
        LBRACE, RBRACE, LPAREN, RPAREN, COMMA, PIPE,
        AND, OR, NOT, EQ, NEQ, GT, GTE, LT, LTE, RE, NRE,
        PLUS, MINUS, MUL, DIV, MOD, POW,
        DESC, ANCE, SIBL, NOT_CHILD, NOT_PARENT, NOT_DESC, NOT_ANCE, NOT_SIBL,
        UNION_CHILD, UNION_PARENT, UNION_DESC, UNION_ANCE, UNION_SIBL,
        STRING, INT, FLOAT, DURATION, IDENT, ATTRIBUTE, EOF
    }

    @Override
    public String toString() {
        return kind == Kind.EOF ? "end of input" : text;
    }
}
