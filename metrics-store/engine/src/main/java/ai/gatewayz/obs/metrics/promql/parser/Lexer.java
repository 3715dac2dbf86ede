package ai.gatewayz.obs.metrics.promql.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Splits a PromQL query into tokens. Not thread-safe; one instance per query. */
final class Lexer {
    private static final Map<String, TokenType> KEYWORDS = Map.ofEntries(
            Map.entry("and", TokenType.LAND), Map.entry("or", TokenType.LOR), Map.entry("unless", TokenType.LUNLESS),
            Map.entry("atan2", TokenType.ATAN2), Map.entry("by", TokenType.BY), Map.entry("without", TokenType.WITHOUT),
            Map.entry("on", TokenType.ON), Map.entry("ignoring", TokenType.IGNORING),
            Map.entry("group_left", TokenType.GROUP_LEFT), Map.entry("group_right", TokenType.GROUP_RIGHT),
            Map.entry("bool", TokenType.BOOL), Map.entry("offset", TokenType.OFFSET));

    private final String in;
    private int pos;
    private final List<Token> out = new ArrayList<>();
    private int parenDepth;
    private boolean inBraces;
    private int bracketStart = -1;
    private boolean bracketColon;

    Lexer(String in) {
        this.in = in;
    }

    List<Token> lex() {
        while (true) {
            skipSpace();
            if (pos >= in.length()) {
                if (parenDepth > 0) {
                    throw err(pos, "unclosed left parenthesis");
                }
                if (bracketStart >= 0) {
                    if (!out.isEmpty() && out.getLast().type() == TokenType.LEFT_BRACKET) {
                        throw err(pos, "missing unit character in duration");
                    }
                    throw err(pos, "unclosed left bracket");
                }
                if (inBraces) {
                    throw err(pos, "unexpected end of input inside braces");
                }
                out.add(new Token(TokenType.EOF, "", pos));
                return out;
            }
            char c = in.charAt(pos);
            int start = pos;
            if (c == '#') {
                while (pos < in.length() && in.charAt(pos) != '\n') {
                    pos++;
                }
                continue;
            }
            switch (c) {
                case ',' -> add(TokenType.COMMA, 1);
                case '(' -> {
                    parenDepth++;
                    add(TokenType.LEFT_PAREN, 1);
                }
                case ')' -> {
                    if (parenDepth == 0) {
                        throw err(pos + 1, "unexpected right parenthesis ')'");
                    }
                    parenDepth--;
                    add(TokenType.RIGHT_PAREN, 1);
                }
                case '{' -> {
                    if (inBraces) {
                        throw err(pos, "unexpected left brace '{'");
                    }
                    inBraces = true;
                    add(TokenType.LEFT_BRACE, 1);
                }
                case '}' -> {
                    if (!inBraces) {
                        throw err(pos, "unexpected right brace '}'");
                    }
                    inBraces = false;
                    add(TokenType.RIGHT_BRACE, 1);
                }
                case '[' -> {
                    if (bracketStart >= 0) {
                        throw err(pos, "unexpected left bracket '['");
                    }
                    bracketStart = pos;
                    bracketColon = false;
                    add(TokenType.LEFT_BRACKET, 1);
                }
                case ']' -> {
                    if (bracketStart < 0) {
                        throw err(pos, "unexpected right bracket ']'");
                    }
                    bracketStart = -1;
                    add(TokenType.RIGHT_BRACKET, 1);
                }
                case ':' -> {
                    if (bracketStart >= 0 && bracketColon) {
                        throw err(pos, "unexpected colon ':'");
                    }
                    if (bracketStart >= 0) {
                        bracketColon = true;
                    }
                    if (bracketStart < 0 && !inBraces) {
                        // metric names may start with ':' (recording rules)
                        lexIdentifier();
                    } else {
                        add(TokenType.COLON, 1);
                    }
                }
                case '@' -> add(TokenType.AT, 1);
                case '+' -> add(TokenType.ADD, 1);
                case '-' -> add(TokenType.SUB, 1);
                case '*' -> add(TokenType.MUL, 1);
                case '/' -> add(TokenType.DIV, 1);
                case '%' -> add(TokenType.MOD, 1);
                case '^' -> add(TokenType.POW, 1);
                case '=' -> {
                    if (peek(1) == '=') {
                        add(TokenType.EQLC, 2);
                    } else if (peek(1) == '~') {
                        add(TokenType.EQL_REGEX, 2);
                    } else {
                        add(TokenType.ASSIGN, 1);
                    }
                }
                case '!' -> {
                    if (peek(1) == '=') {
                        add(TokenType.NEQ, 2);
                    } else if (peek(1) == '~') {
                        add(TokenType.NEQ_REGEX, 2);
                    } else {
                        throw err(pos, "unexpected character after '!': " + quoteRune(peek(1)));
                    }
                }
                case '<' -> add(peek(1) == '=' ? TokenType.LTE : TokenType.LSS, peek(1) == '=' ? 2 : 1);
                case '>' -> add(peek(1) == '=' ? TokenType.GTE : TokenType.GTR, peek(1) == '=' ? 2 : 1);
                case '"', '\'', '`' -> lexString(c);
                default -> {
                    if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
                        lexNumberOrDuration();
                    } else if (isAlpha(c)) {
                        lexIdentifier();
                    } else if (inBraces) {
                        throw err(start, "unexpected character inside braces: " + quoteRune(c));
                    } else {
                        throw err(start, "unexpected character: " + quoteRune(c));
                    }
                }
            }
        }
    }

    private void add(TokenType t, int len) {
        out.add(new Token(t, in.substring(pos, pos + len), pos));
        pos += len;
    }

    private char peek(int off) {
        int p = pos + off;
        return p < in.length() ? in.charAt(p) : '\0';
    }

    private void skipSpace() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                break;
            }
        }
    }

    private void lexString(char q) {
        int start = pos;
        pos++;
        while (true) {
            if (pos >= in.length()) {
                throw err(start, "unterminated " + (q == '`' ? "raw string" : "quoted string"));
            }
            char c = in.charAt(pos);
            if (c == '\\' && q != '`') {
                pos += 2;
                continue;
            }
            if (c == '\n' && q != '`') {
                throw err(start, "unterminated quoted string");
            }
            pos++;
            if (c == q) {
                break;
            }
        }
        out.add(new Token(TokenType.STRING, in.substring(start, pos), start));
    }

    private void lexNumberOrDuration() {
        int start = pos;
        // A duration: digits followed by a unit, possibly repeated (1h30m).
        if (scanDuration()) {
            out.add(new Token(TokenType.DURATION, in.substring(start, pos), start));
            return;
        }
        pos = start;
        if (peek(0) == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
            pos += 2;
            while (pos < in.length() && isHex(in.charAt(pos))) {
                pos++;
            }
        } else {
            while (pos < in.length() && (isDigit(in.charAt(pos)) || in.charAt(pos) == '_')) {
                pos++;
            }
            if (peek(0) == '.') {
                pos++;
                while (pos < in.length() && (isDigit(in.charAt(pos)) || in.charAt(pos) == '_')) {
                    pos++;
                }
            }
            if (peek(0) == 'e' || peek(0) == 'E') {
                int save = pos;
                pos++;
                if (peek(0) == '+' || peek(0) == '-') {
                    pos++;
                }
                if (!isDigit(peek(0))) {
                    pos = save;
                } else {
                    while (pos < in.length() && isDigit(in.charAt(pos))) {
                        pos++;
                    }
                }
            }
        }
        if (pos < in.length() && (isAlpha(in.charAt(pos)) || isDigit(in.charAt(pos)))) {
            throw err(start, (bracketStart >= 0 ? "bad duration syntax: " : "bad number or duration syntax: ")
                    + Printer.goQuote(in.substring(start, pos)));
        }
        out.add(new Token(TokenType.NUMBER, in.substring(start, pos), start));
    }

    private boolean scanDuration() {
        boolean any = false;
        while (true) {
            int s = pos;
            while (pos < in.length() && isDigit(in.charAt(pos))) {
                pos++;
            }
            if (pos == s) {
                return any && !(pos < in.length() && isAlpha(in.charAt(pos)));
            }
            int u = unitLength();
            if (u == 0) {
                if (!any) {
                    return false;
                }
                pos = s;
                return false;
            }
            pos += u;
            any = true;
            if (!(pos < in.length() && isDigit(in.charAt(pos)))) {
                return !(pos < in.length() && (isAlpha(in.charAt(pos)) || in.charAt(pos) == '.'));
            }
        }
    }

    private int unitLength() {
        char c = peek(0);
        if (c == 'm' && peek(1) == 's') {
            return 2;
        }
        if ("smhdwy".indexOf(c) >= 0 && c != '\0') {
            return 1;
        }
        return 0;
    }

    private void lexIdentifier() {
        int start = pos;
        boolean colon = false;
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (isAlpha(c) || isDigit(c)) {
                pos++;
            } else if (c == ':' && !inBraces) {
                colon = true;
                pos++;
            } else {
                break;
            }
        }
        String word = in.substring(start, pos);
        String lower = word.toLowerCase(Locale.ROOT);
        TokenType kw = KEYWORDS.get(lower);
        if (!colon && kw != null && !inBraces) {
            out.add(new Token(kw, word, start));
        } else if (!colon && (lower.equals("inf") || lower.equals("nan")) && !inBraces) {
            out.add(new Token(TokenType.NUMBER, word, start));
        } else {
            out.add(new Token(colon ? TokenType.METRIC_IDENTIFIER : TokenType.IDENTIFIER, word, start));
        }
    }

    private ParseException err(int p, String msg) {
        return new ParseException(in, p, msg);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlpha(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String quoteRune(char c) {
        if (c == '\0') {
            return "U+0000";
        }
        if (c == '\'') {
            return "'\\''";
        }
        return "'" + c + "'";
    }
}
