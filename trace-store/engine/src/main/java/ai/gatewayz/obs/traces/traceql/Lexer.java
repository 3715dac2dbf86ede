package ai.gatewayz.obs.traces.traceql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits TraceQL into tokens. Attribute references ({@code .a.b}, {@code span.x}, {@code
 * resource."odd name"}, {@code parent.span.x}) are one ATTRIBUTE token whose text is the raw
 * reference; names run to whitespace or an operator character, quoted segments may hold anything.
 */
final class Lexer {
    private static final String[] SCOPES = {"parent.", "span.", "resource.", "event.", "link.", "instrumentation.", "."};
    private static final String NAME_END = " \t\n\r{}()=~!<>&|^,\"";

    private final String s;
    private int pos;
    private final List<Token> out = new ArrayList<>();

    private Lexer(String s) {
        this.s = s;
    }

    static List<Token> lex(String query) {
        Lexer l = new Lexer(query);
        l.run();
        return l.out;
    }

    private void run() {
        while (true) {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            if (pos >= s.length()) {
                out.add(new Token(Token.Kind.EOF, "", pos + 1));
                return;
            }
            int start = pos;
            char c = s.charAt(pos);
            if (c == '"' || c == '`') {
                out.add(new Token(Token.Kind.STRING, quoted(c), start + 1));
            } else if (Character.isDigit(c) || (c == '.' && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1))
                    && !prevIsOperand())) {
                number(start);
            } else if (attributeStart()) {
                out.add(new Token(Token.Kind.ATTRIBUTE, attribute(), start + 1));
            } else if (Character.isLetter(c) || c == '_') {
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_' || s.charAt(pos) == ':')) {
                    pos++;
                }
                out.add(new Token(Token.Kind.IDENT, s.substring(start, pos), start + 1));
            } else {
                operator(start);
            }
        }
    }

    private boolean prevIsOperand() {
        if (out.isEmpty()) {
            return false;
        }
        Token.Kind k = out.getLast().kind();
        return k == Token.Kind.IDENT || k == Token.Kind.ATTRIBUTE || k == Token.Kind.RPAREN;
    }

    private boolean attributeStart() {
        for (String sc : SCOPES) {
            if (s.startsWith(sc, pos)) {
                return true;
            }
        }
        return false;
    }

    /** The raw reference: scope prefix(es) then name segments, quoted segments unescaped into the name. */
    private String attribute() {
        StringBuilder sb = new StringBuilder();
        if (s.startsWith("parent.", pos)) {
            sb.append("parent.");
            pos += 7;
        }
        for (String sc : SCOPES) {
            if (!sc.equals("parent.") && s.startsWith(sc, pos)) {
                sb.append(sc);
                pos += sc.length();
                break;
            }
        }
        if (sb.toString().equals("parent.") && pos > 0 && s.charAt(pos - 1) == '.') {
            // "parent.x": unscoped attribute of the parent
            sb.append('.');
        }
        int nameStart = sb.length();
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '"') {
                sb.append('\u0000').append(quoted('"')).append('\u0000');
            } else if (NAME_END.indexOf(c) >= 0) {
                break;
            } else {
                sb.append(c);
                pos++;
            }
        }
        if (sb.length() == nameStart) {
            throw TraceqlErrors.syntax(pos + 1, "unexpected " + (pos < s.length() ? s.charAt(pos) : "end of input")
                    + ", expecting an attribute name");
        }
        return sb.toString();
    }

    private String quoted(char q) {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == q) {
                return sb.toString();
            }
            if (c == '\\' && q == '"' && pos < s.length()) {
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        throw TraceqlErrors.syntax(start + 1, "unterminated string");
    }

    private void number(int start) {
        boolean dot = false;
        while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || (s.charAt(pos) == '.' && !dot))) {
            dot |= s.charAt(pos) == '.';
            pos++;
        }
        int unitStart = pos;
        while (pos < s.length() && (Character.isLetter(s.charAt(pos)) || s.charAt(pos) == 'µ')) {
            pos++;
        }
        String unit = s.substring(unitStart, pos);
        String text = s.substring(start, pos);
        if (!unit.isEmpty()) {
            if (!Literals.isDurationUnit(unit)) {
                throw TraceqlErrors.syntax(start + 1, "unexpected " + text + ", bad number");
            }
            out.add(new Token(Token.Kind.DURATION, text, start + 1));
        } else {
            out.add(new Token(dot ? Token.Kind.FLOAT : Token.Kind.INT, text, start + 1));
        }
    }

    private void operator(int start) {
        String[][] ops = {
            {"&>>", "UNION_DESC"}, {"&<<", "UNION_ANCE"}, {"!>>", "NOT_DESC"}, {"!<<", "NOT_ANCE"},
            {"&&", "AND"}, {"||", "OR"}, {"!=", "NEQ"}, {"!~", "NRE"}, {"=~", "RE"}, {">=", "GTE"}, {"<=", "LTE"},
            {">>", "DESC"}, {"<<", "ANCE"}, {"!>", "NOT_CHILD"}, {"!<", "NOT_PARENT"}, {"&>", "UNION_CHILD"},
            {"&<", "UNION_PARENT"}, {"&~", "UNION_SIBL"},
            {"{", "LBRACE"}, {"}", "RBRACE"}, {"(", "LPAREN"}, {")", "RPAREN"}, {",", "COMMA"}, {"|", "PIPE"},
            {"!", "NOT"}, {"=", "EQ"}, {">", "GT"}, {"<", "LT"}, {"~", "SIBL"}, {"+", "PLUS"}, {"-", "MINUS"},
            {"*", "MUL"}, {"/", "DIV"}, {"%", "MOD"}, {"^", "POW"},
        };
        for (String[] op : ops) {
            if (s.startsWith(op[0], pos)) {
                pos += op[0].length();
                out.add(new Token(Token.Kind.valueOf(op[1]), op[0], start + 1));
                return;
            }
        }
        throw TraceqlErrors.syntax(start + 1, "unexpected character " + s.charAt(pos));
    }
}
