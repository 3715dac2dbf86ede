package ai.gatewayz.obs.alerts.model;

import ai.gatewayz.obs.common.Labels;
import java.nio.charset.StandardCharsets;

/**
 * Alertmanager's label-set fingerprint: FNV-1a 64 over the UTF-8 bytes of each sorted name and
 * value, each followed by the separator byte 0xff. Rendered as 16 lower-case hex digits.
 */
public final class Fingerprints {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Fingerprints() {
    }

    public static long of(Labels labels) {
        if (labels.isEmpty()) {
            return OFFSET;
        }
        long h = OFFSET;
        for (int i = 0; i < labels.size(); i++) {
            h = add(h, labels.name(i));
            h = (h ^ 0xff) * PRIME;
            h = add(h, labels.value(i));
            h = (h ^ 0xff) * PRIME;
        }
        return h;
    }

    private static long add(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                h = (h ^ c) * PRIME;
            } else {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    h = (h ^ (b & 0xff)) * PRIME;
                }
            }
        }
        return h;
    }

    public static String hex(long fp) {
        String s = Long.toHexString(fp);
        return "0".repeat(16 - s.length()) + s;
    }

    public static long parseHex(String s) {
        return Long.parseUnsignedLong(s, 16);
    }
}
