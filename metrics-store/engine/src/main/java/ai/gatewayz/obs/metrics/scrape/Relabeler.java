package ai.gatewayz.obs.metrics.scrape;

import ai.gatewayz.obs.common.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * Applies relabel configs in order (Prometheus semantics). Returns null when a step drops the
 * series. Stateless, thread-safe.
 */
public final class Relabeler {
    private Relabeler() {
    }

    public static Labels apply(Labels in, List<RelabelConfig> configs) {
        if (configs.isEmpty()) {
            return in;
        }
        Labels.Builder b = in.toBuilder();
        for (RelabelConfig c : configs) {
            if (!step(b, c)) {
                return null;
            }
        }
        return b.build();
    }

    private static String sourceValue(Labels.Builder b, RelabelConfig c) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.sourceLabels().size(); i++) {
            if (i > 0) {
                sb.append(c.separator());
            }
            sb.append(b.get(c.sourceLabels().get(i)));
        }
        return sb.toString();
    }

    private static boolean step(Labels.Builder b, RelabelConfig c) {
        String val = sourceValue(b, c);
        switch (c.action()) {
            case DROP -> {
                return !c.regex().matcher(val).matches();
            }
            case KEEP -> {
                return c.regex().matcher(val).matches();
            }
            case DROPEQUAL -> {
                return !val.equals(b.get(c.targetLabel()));
            }
            case KEEPEQUAL -> {
                return val.equals(b.get(c.targetLabel()));
            }
            case REPLACE -> {
                Matcher m = c.regex().matcher(val);
                if (!m.matches()) {
                    return true;
                }
                String target = expand(m, c.targetLabel());
                if (!validLabelName(target)) {
                    return true;
                }
                b.set(target, expand(m, c.replacement()));
                return true;
            }
            case LOWERCASE -> {
                b.set(c.targetLabel(), val.toLowerCase(Locale.ROOT));
                return true;
            }
            case UPPERCASE -> {
                b.set(c.targetLabel(), val.toUpperCase(Locale.ROOT));
                return true;
            }
            case HASHMOD -> {
                b.set(c.targetLabel(), Long.toString(Long.remainderUnsigned(md5Prefix(val), c.modulus())));
                return true;
            }
            case LABELMAP -> {
                Labels cur = b.build();
                for (int i = 0; i < cur.size(); i++) {
                    Matcher m = c.regex().matcher(cur.name(i));
                    if (m.matches()) {
                        b.set(expand(m, c.replacement()), cur.value(i));
                    }
                }
                return true;
            }
            case LABELDROP, LABELKEEP -> {
                Labels cur = b.build();
                List<String> remove = new ArrayList<>();
                for (int i = 0; i < cur.size(); i++) {
                    boolean match = c.regex().matcher(cur.name(i)).matches();
                    if (match == (c.action() == RelabelConfig.Action.LABELDROP)) {
                        remove.add(cur.name(i));
                    }
                }
                remove.forEach(b::del);
                return true;
            }
            default -> throw new IllegalStateException("unhandled action " + c.action());
        }
    }

    /** Go regexp.Expand: $1, ${1}, $name, ${name}, $$. */
    static String expand(Matcher m, String template) {
        if (template.indexOf('$') < 0) {
            return template;
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                sb.append(c);
                i++;
                continue;
            }
            char n = template.charAt(i + 1);
            if (n == '$') {
                sb.append('$');
                i += 2;
                continue;
            }
            String name;
            if (n == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    sb.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                i = close + 1;
            } else {
                int j = i + 1;
                while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
                    j++;
                }
                if (j == i + 1) {
                    sb.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 1, j);
                i = j;
            }
            sb.append(group(m, name));
        }
        return sb.toString();
    }

    private static String group(Matcher m, String name) {
        try {
            if (name.chars().allMatch(Character::isDigit)) {
                int g = Integer.parseInt(name);
                String v = g <= m.groupCount() ? m.group(g) : ""; // the anchoring group is non-capturing
                return v == null ? "" : v;
            }
            String v = m.group(name);
            return v == null ? "" : v;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return "";
        }
    }

    static boolean validLabelName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static long md5Prefix(String s) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 8; i < 16; i++) {
                v = (v << 8) | (d[i] & 0xFF);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
