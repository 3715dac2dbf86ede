package ai.gatewayz.obs.metrics.promql.parser;

/** Token kinds of the PromQL lexer. */
public enum TokenType {
    EOF, IDENTIFIER, METRIC_IDENTIFIER, NUMBER, DURATION, STRING,
    LEFT_PAREN, RIGHT_PAREN, LEFT_BRACE, RIGHT_BRACE, LEFT_BRACKET, RIGHT_BRACKET,
    COMMA, COLON, AT, ASSIGN,
    // operators
    EQLC, NEQ, EQL_REGEX, NEQ_REGEX, LSS, GTR, LTE, GTE, ADD, SUB, MUL, DIV, MOD, POW,
    LAND, LOR, LUNLESS, ATAN2,
    // keywords
    BY, WITHOUT, ON, IGNORING, GROUP_LEFT, GROUP_RIGHT, BOOL, OFFSET;

    boolean isOperator() {
        return ordinal() >= EQLC.ordinal() && ordinal() <= ATAN2.ordinal();
    }

    boolean isKeyword() {
        return ordinal() >= BY.ordinal();
    }
}
