package ai.gatewayz.obs.selector;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a selector into tokens with Prometheus's lexing rules for the part before and inside the
 * braces: identifiers {@code [A-Za-z_][A-Za-z0-9_]*} (a metric name may also hold {@code :}),
 * Go-quoted strings ({@code "…"}, {@code '…'}, raw {@code `…`}), the four matcher operators.
 * Single use; not thread-safe.
 */
final class SelectorLexer {
    private final String in;
    private final List<SelectorToken> out = new ArrayList<>();
    private int pos;
    private boolean inBraces;

    private SelectorLexer(String in) {
        this.in = in;
    }

    static List<SelectorToken> lex(String text) {
        SelectorLexer l = new SelectorLexer(text);
        l.run();
        return l.out;
    }

    private void run() {
        while (true) {
            skipSpace();
            if (pos >= in.length()) {
                if (inBraces) {
                    throw SelectorErrors.endOfInputInsideBraces(in, pos);
                }
                out.add(new SelectorToken(SelectorToken.Kind.EOF, "", pos));
                return;
            }
            char c = in.charAt(pos);
            switch (c) {
                case '{' -> {
                    if (inBraces) {
                        throw SelectorErrors.unexpectedLeftBrace(in, pos);
                    }
                    inBraces = true;
                    add(SelectorToken.Kind.LEFT_BRACE, 1);
                }
                case '}' -> {
                    if (!inBraces) {
                        throw SelectorErrors.unexpectedRightBrace(in, pos);
                    }
                    inBraces = false;
                    add(SelectorToken.Kind.RIGHT_BRACE, 1);
                }
                case ',' -> {
                    if (!inBraces) {
                        throw SelectorErrors.unexpectedCharacter(in, pos, c, false);
                    }
                    add(SelectorToken.Kind.COMMA, 1);
                }
                case '=' -> {
                    if (!inBraces) {
                        throw SelectorErrors.unexpectedCharacter(in, pos, c, false);
                    }
                    add(peek(1) == '~' ? SelectorToken.Kind.RE : SelectorToken.Kind.EQ, peek(1) == '~' ? 2 : 1);
                }
                case '!' -> {
                    if (!inBraces) {
                        throw SelectorErrors.unexpectedCharacter(in, pos, c, false);
                    }
                    char n = peek(1);
                    if (n == '=') {
                        add(SelectorToken.Kind.NEQ, 2);
                    } else if (n == '~') {
                        add(SelectorToken.Kind.NRE, 2);
                    } else {
                        throw SelectorErrors.unexpectedAfterBang(in, pos, pos + 1 < in.length() ? in.codePointAt(pos + 1) : -1);
                    }
                }
                case '"', '\'', '`' -> lexString(c);
                default -> {
                    if (isAlpha(c) || (c == ':' && !inBraces)) {
                        lexIdentifier();
                    } else {
                        throw SelectorErrors.unexpectedCharacter(in, pos, in.codePointAt(pos), inBraces);
                    }
                }
            }
        }
    }

    private void add(SelectorToken.Kind kind, int len) {
        out.add(new SelectorToken(kind, in.substring(pos, pos + len), pos));
        pos += len;
    }

    private char peek(int off) {
        int p = pos + off;
        return p < in.length() ? in.charAt(p) : '\0';
    }

    private void skipSpace() {
        while (pos < in.length() && " \t\n\r".indexOf(in.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private void lexString(char quote) {
        int start = pos++;
        while (true) {
            if (pos >= in.length()) {
                throw SelectorErrors.unterminatedString(in, start, quote == '`');
            }
            char c = in.charAt(pos);
            if (c == '\\' && quote != '`') {
                pos += 2;
                continue;
            }
            if (c == '\n' && quote != '`') {
                throw SelectorErrors.unterminatedString(in, start, false);
            }
            pos++;
            if (c == quote) {
                break;
            }
        }
        out.add(new SelectorToken(SelectorToken.Kind.STRING, in.substring(start, pos), start));
    }

    private void lexIdentifier() {
        int start = pos;
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (isAlpha(c) || (c >= '0' && c <= '9') || (c == ':' && !inBraces)) {
                pos++;
            } else {
                break;
            }
        }
        out.add(new SelectorToken(SelectorToken.Kind.IDENTIFIER, in.substring(start, pos), start));
    }

    private static boolean isAlpha(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
