package ai.gatewayz.obs.gotemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The string functions Prometheus and Alertmanager both add to Go's builtins, with the same Go
 * semantics in both ({@code strings.Title}, {@code regexp.ReplaceAllString} expansion, unanchored
 * {@code match}). Stateless and thread-safe.
 */
public final class StringFunctions {
    /** Names of {@link #functions()}. */
    public static final java.util.Set<String> NAMES = java.util.Set.of("toUpper", "toLower", "title", "match",
            "reReplaceAll", "safeHtml");

    private StringFunctions() {
    }

    public static Map<String, TemplateFunction> functions() {
        Map<String, TemplateFunction> f = new LinkedHashMap<>();
        f.put("reReplaceAll", a -> Pattern.compile(str(a, 0)).matcher(str(a, 2)).replaceAll(goReplacement(str(a, 1))));
        f.put("safeHtml", a -> str(a, 0));
        f.put("match", a -> Pattern.compile(str(a, 0)).matcher(str(a, 1)).find());
        f.put("title", a -> title(str(a, 0)));
        f.put("toUpper", a -> str(a, 0).toUpperCase(Locale.ROOT));
        f.put("toLower", a -> str(a, 0).toLowerCase(Locale.ROOT));
        return f;
    }

    /** Argument {@code i} as a Go string, with Go's message when it is something else. */
    public static String str(List<Object> a, int i) {
        if (i >= a.size()) {
            throw new TemplateException("wrong number of args: want at least " + (i + 1) + " got " + a.size());
        }
        Object v = a.get(i);
        if (v instanceof String s) {
            return s;
        }
        throw new TemplateException("wrong type for value; expected string; got " + GoFormat.typeName(v));
    }

    /** Go's {@code strings.Title}. */
    public static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean prevLetter = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean letter = Character.isLetterOrDigit(c) || c == '_' || c == '\'';
            sb.append(letter && !prevLetter ? Character.toTitleCase(c) : c);
            prevLetter = letter;
        }
        return sb.toString();
    }

    /** Go's regexp replacement ($1, ${1}, ${name}) to Java's ($1, ${name}); a literal '$$' stays '$'. */
    public static String goReplacement(String repl) {
        StringBuilder sb = new StringBuilder();
        Matcher m = Pattern.compile("\\$(\\$|\\{([A-Za-z0-9_]+)}|([A-Za-z0-9_]+))").matcher(repl);
        int last = 0;
        while (m.find()) {
            sb.append(Matcher.quoteReplacement(repl.substring(last, m.start())));
            String name = m.group(2) != null ? m.group(2) : m.group(3);
            if (m.group(1).equals("$")) {
                sb.append("\\$");
            } else if (name.chars().allMatch(Character::isDigit)) {
                sb.append("$").append(name);
            } else {
                sb.append("${").append(name).append('}');
            }
            last = m.end();
        }
        sb.append(Matcher.quoteReplacement(repl.substring(last)));
        return sb.toString();
    }
}
