package ai.gatewayz.obs.logs.logql.parser;

import ai.gatewayz.obs.logs.logql.LogqlErrors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Go RE2 syntax on java.util.regex: {@code (?P<name>...)} groups (whose names may contain
 * underscores, which Java's may not) are renamed to positional groups and their names kept in order.
 * Stateless.
 */
public final class Regexes {
    private Regexes() {
    }

    /** A translated regex and the Go names of its named groups, in group order (null for unnamed groups). */
    public record Compiled(Pattern pattern, List<String> groupNames) {}

    public static Compiled compile(String goRegex, int flags) {
        StringBuilder sb = new StringBuilder(goRegex.length() + 8);
        List<String> names = new ArrayList<>();
        boolean inClass = false;
        for (int i = 0; i < goRegex.length(); i++) {
            char c = goRegex.charAt(i);
            if (c == '\\' && i + 1 < goRegex.length()) {
                char n = goRegex.charAt(i + 1);
                if (n == 'z') {
                    sb.append("\\z");
                } else {
                    sb.append(c).append(n);
                }
                i++;
                continue;
            }
            if (inClass) {
                if (c == '[' && goRegex.startsWith("[:", i)) {
                    int end = goRegex.indexOf(":]", i + 2);
                    if (end > 0) {
                        String cls = goRegex.substring(i + 2, end);
                        boolean neg = cls.startsWith("^");
                        String name = neg ? cls.substring(1) : cls;
                        String java = switch (name) {
                            case "alpha" -> "Alpha";
                            case "digit" -> "Digit";
                            case "alnum" -> "Alnum";
                            case "upper" -> "Upper";
                            case "lower" -> "Lower";
                            case "space" -> "Space";
                            case "punct" -> "Punct";
                            case "xdigit" -> "XDigit";
                            case "word" -> null;
                            default -> "";
                        };
                        if (java != null && !java.isEmpty()) {
                            sb.append(neg ? "\\P{" : "\\p{").append(java).append('}');
                            i = end + 1;
                            continue;
                        }
                        if (java == null) {
                            sb.append(neg ? "\\W" : "\\w");
                            i = end + 1;
                            continue;
                        }
                    }
                    sb.append("\\[");
                    continue;
                }
                if (c == '[') {
                    sb.append("\\[");
                    continue;
                }
                if (c == ']') {
                    inClass = false;
                }
                sb.append(c);
                continue;
            }
            if (c == '[') {
                inClass = true;
                sb.append(c);
                if (i + 1 < goRegex.length() && goRegex.charAt(i + 1) == '^') {
                    sb.append('^');
                    i++;
                }
                if (i + 1 < goRegex.length() && goRegex.charAt(i + 1) == ']') {
                    sb.append("\\]");
                    i++;
                }
                continue;
            }
            if (c == '(') {
                if (goRegex.startsWith("(?P<", i) || (goRegex.startsWith("(?<", i) && !goRegex.startsWith("(?<=", i) && !goRegex.startsWith("(?<!", i))) {
                    int nameStart = goRegex.indexOf('<', i) + 1;
                    int end = goRegex.indexOf('>', nameStart);
                    if (end < 0) {
                        throw LogqlErrors.invalidRegex(goRegex, "invalid named capture");
                    }
                    String name = goRegex.substring(nameStart, end);
                    if (name.isEmpty() || !Lexer.isIdentStart(name.charAt(0)) || !name.chars().allMatch(Lexer::isIdentPart)) {
                        throw LogqlErrors.semantic("invalid regex " + goRegex + ": error parsing regexp: invalid named capture: `"
                                + goRegex.substring(i, end + 1) + "`");
                    }
                    names.add(name);
                    sb.append('(');
                    i = end;
                    continue;
                }
                if (!goRegex.startsWith("(?", i)) {
                    names.add(null);
                }
            }
            sb.append(c);
        }
        try {
            // UNICODE_CASE: Go's (?i) folds Unicode (the Kelvin sign matches k); Java's alone folds ASCII only.
            return new Compiled(Pattern.compile(sb.toString(), flags | Pattern.UNICODE_CASE), names);
        } catch (IllegalArgumentException e) {
            String d = e instanceof PatternSyntaxException pse ? pse.getDescription() : e.getMessage();
            throw LogqlErrors.semantic("invalid regex " + goRegex + ": error parsing regexp: " + d);
        }
    }

    static void check(String goRegex) {
        compile(goRegex, 0);
    }

    /** The regexp parser needs at least one named group, each name once. */
    static void checkNamedGroups(String goRegex) {
        Compiled c = compile(goRegex, 0);
        Set<String> seen = new HashSet<>();
        int named = 0;
        for (String n : c.groupNames()) {
            if (n == null) {
                continue;
            }
            named++;
            if (!seen.add(n)) {
                throw LogqlErrors.semantic("invalid regex " + goRegex + ": duplicate extracted label name: " + n);
            }
        }
        if (named == 0) {
            throw LogqlErrors.semantic("at least one named capture must be supplied");
        }
    }
}
