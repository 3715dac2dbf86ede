package ai.gatewayz.obs.metrics.scrape;

import ai.gatewayz.obs.common.GoRegexExpand;
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

    static String expand(Matcher m, String template) {
        return GoRegexExpand.expand(m, template);
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
