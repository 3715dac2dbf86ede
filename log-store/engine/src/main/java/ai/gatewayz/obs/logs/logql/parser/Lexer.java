package ai.gatewayz.obs.logs.logql.parser;

import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.common.GoStrings;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.logs.logql.LogqlErrors;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a LogQL query into tokens. Written for LogQL rather than shared with the PromQL lexer:
 * LogQL lexes ranges as one token ({@code [5m]}), has pipe operators, parser flags, byte sizes and
 * Go durations with fractions ({@code 1.5s}), none of which PromQL has. Stateless between calls.
 */
public final class Lexer {
    private final String src;
    private int pos;
    private int line = 1;
    private int lineStart;
    private final List<Token> out = new ArrayList<>();

    private Lexer(String src) {
        this.src = src;
    }

    public static List<Token> lex(String src) {
        Lexer l = new Lexer(src);
        l.run();
        return l.out;
    }

    private void run() {
        while (true) {
            skipSpace();
            if (pos >= src.length()) {
                out.add(new Token(TokenKind.END, "", line, col(pos)));
                return;
            }
            int start = pos;
            int c = src.charAt(pos);
            if (c == '"' || c == '`') {
                string(start);
            } else if (c == '[') {
                range(start);
            } else if (isDigit(c) || (c == '.' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1)))) {
                number(start);
            } else if (isIdentStart(c)) {
                while (pos < src.length() && isIdentPart(src.charAt(pos))) {
                    pos++;
                }
                emit(TokenKind.IDENTIFIER, src.substring(start, pos), start);
            } else {
                operator(start, (char) c);
            }
        }
    }

    private void operator(int start, char c) {
        char n = pos + 1 < src.length() ? src.charAt(pos + 1) : 0;
        TokenKind k;
        int len = 1;
        switch (c) {
            case '{' -> k = TokenKind.OPEN_BRACE;
            case '}' -> k = TokenKind.CLOSE_BRACE;
            case '(' -> k = TokenKind.OPEN_PARENTHESIS;
            case ')' -> k = TokenKind.CLOSE_PARENTHESIS;
            case ',' -> k = TokenKind.COMMA;
            case '.' -> k = TokenKind.DOT;
            case '+' -> k = TokenKind.ADD;
            case '*' -> k = TokenKind.MUL;
            case '/' -> k = TokenKind.DIV;
            case '%' -> k = TokenKind.MOD;
            case '^' -> k = TokenKind.POW;
            case '-' -> {
                if (n == '-' && pos + 2 < src.length() && isIdentStart(src.charAt(pos + 2))) {
                    pos += 2;
                    while (pos < src.length() && (isIdentPart(src.charAt(pos)) || src.charAt(pos) == '-')) {
                        pos++;
                    }
                    emit(TokenKind.PARSER_FLAG, src.substring(start, pos), start);
                    return;
                }
                k = TokenKind.SUB;
            }
            case '=' -> {
                if (n == '~') {
                    k = TokenKind.RE;
                    len = 2;
                } else if (n == '=') {
                    k = TokenKind.CMP_EQ;
                    len = 2;
                } else {
                    k = TokenKind.EQ;
                }
            }
            case '!' -> {
                switch (n) {
                    case '=' -> k = TokenKind.NEQ;
                    case '~' -> k = TokenKind.NRE;
                    case '>' -> k = TokenKind.NPA;
                    default -> throw LogqlErrors.at(line, col(start), "syntax error: unexpected character: '!'");
                }
                len = 2;
            }
            case '|' -> {
                switch (n) {
                    case '=' -> {
                        k = TokenKind.PIPE_EXACT;
                        len = 2;
                    }
                    case '~' -> {
                        k = TokenKind.PIPE_MATCH;
                        len = 2;
                    }
                    case '>' -> {
                        k = TokenKind.PIPE_PATTERN;
                        len = 2;
                    }
                    default -> k = TokenKind.PIPE;
                }
            }
            case '<' -> {
                if (n == '=') {
                    k = TokenKind.LTE;
                    len = 2;
                } else {
                    k = TokenKind.LT;
                }
            }
            case '>' -> {
                if (n == '=') {
                    k = TokenKind.GTE;
                    len = 2;
                } else {
                    k = TokenKind.GT;
                }
            }
            default -> throw LogqlErrors.at(line, col(start), "syntax error: unexpected character: " + describe(c));
        }
        pos += len;
        emit(k, src.substring(start, pos), start);
    }

    private static String describe(char c) {
        return c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    private void string(int start) {
        char q = src.charAt(pos);
        int i = pos + 1;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == q) {
                break;
            }
            if (c == '\\' && q == '"') {
                i++;
            } else if (c == '\n' && q == '"') {
                throw LogqlErrors.at(line, col(start), "literal not terminated");
            }
            i++;
        }
        if (i >= src.length()) {
            throw LogqlErrors.at(line, col(start), "literal not terminated");
        }
        String lit = src.substring(pos, i + 1);
        String value;
        try {
            value = GoStrings.unquote(lit);
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw LogqlErrors.at(line, col(start), "invalid char escape");
        }
        int tokLine = line;
        int tokCol = col(start);
        for (int j = pos; j <= i; j++) {
            if (src.charAt(j) == '\n') {
                line++;
                lineStart = j + 1;
            }
        }
        pos = i + 1;
        out.add(new Token(TokenKind.STRING, value, tokLine, tokCol));
    }

    private void range(int start) {
        int close = src.indexOf(']', pos);
        if (close < 0) {
            throw LogqlErrors.at(line, col(start), "missing closing ']' in duration");
        }
        String body = src.substring(pos + 1, close).strip();
        try {
            long ms = Durations.parse(body);
            pos = close + 1;
            out.add(new Token(TokenKind.RANGE, Long.toString(ms * 1_000_000L), line, col(start)));
        } catch (SuiteException e) {
            Long nanos = GoDurations.parseNanos(body);
            if (nanos == null) {
                throw LogqlErrors.at(line, col(start), "not a valid duration string: " + GoStrings.quote(body));
            }
            pos = close + 1;
            out.add(new Token(TokenKind.RANGE, Long.toString(nanos), line, col(start)));
        }
    }

    private void number(int start) {
        if (src.startsWith("0x", pos) || src.startsWith("0X", pos)) {
            pos += 2;
            while (pos < src.length() && Character.digit(src.charAt(pos), 16) >= 0) {
                pos++;
            }
            String digits = src.substring(start + 2, pos);
            if (digits.isEmpty()) {
                throw LogqlErrors.at(line, col(start), "hexadecimal literal has no digits");
            }
            // BigInteger, not Long: a literal beyond 64 bits is a (large) float in LogQL, not an error.
            emit(TokenKind.NUMBER, new java.math.BigInteger(digits, 16).toString(), start);
            return;
        }
        scanDecimal();
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')
                && pos + 1 < src.length() && (isDigit(src.charAt(pos + 1))
                || ((src.charAt(pos + 1) == '+' || src.charAt(pos + 1) == '-') && pos + 2 < src.length() && isDigit(src.charAt(pos + 2))))) {
            pos += 2;
            while (pos < src.length() && isDigit(src.charAt(pos))) {
                pos++;
            }
            emit(TokenKind.NUMBER, src.substring(start, pos), start);
            return;
        }
        if (pos < src.length() && isUnitStart(src.charAt(pos))) {
            // a duration such as 1h30m or 1.5s, or a byte size such as 20MiB
            int end = pos;
            while (end < src.length() && (isUnitStart(src.charAt(end)) || isDigit(src.charAt(end)) || src.charAt(end) == '.')) {
                end++;
            }
            String text = src.substring(start, end);
            if (GoDurations.parseNanos(text) != null || promDuration(text)) {
                pos = end;
                emit(TokenKind.DURATION, text, start);
                return;
            }
            if (ByteSizes.parse(text) != null) {
                pos = end;
                emit(TokenKind.BYTES, text, start);
                return;
            }
            throw LogqlErrors.at(line, col(start), "not a valid duration string: " + GoStrings.quote(text));
        }
        emit(TokenKind.NUMBER, src.substring(start, pos), start);
    }

    private static boolean promDuration(String text) {
        try {
            Durations.parse(text);
            return true;
        } catch (SuiteException e) {
            return false;
        }
    }

    private void scanDecimal() {
        while (pos < src.length() && isDigit(src.charAt(pos))) {
            pos++;
        }
        if (pos < src.length() && src.charAt(pos) == '.') {
            pos++;
            while (pos < src.length() && isDigit(src.charAt(pos))) {
                pos++;
            }
        }
    }

    private void skipSpace() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                line++;
                lineStart = pos + 1;
                pos++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private void emit(TokenKind k, String text, int start) {
        out.add(new Token(k, text, line, col(start)));
    }

    private int col(int offset) {
        return offset - lineStart + 1;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isUnitStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == 'µ' || c == 'μ';
    }

    static boolean isIdentStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isIdentPart(int c) {
        return isIdentStart(c) || isDigit(c);
    }
}
