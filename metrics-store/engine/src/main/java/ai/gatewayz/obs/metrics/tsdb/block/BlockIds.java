package ai.gatewayz.obs.metrics.tsdb.block;

import java.security.SecureRandom;

/**
 * Time-sortable block ids in the ULID shape: 26 Crockford base-32 characters, the first 10 the
 * creation time in milliseconds, the rest 80 random bits. Lexical order is creation order (within
 * a millisecond, random). Thread-safe.
 */
public final class BlockIds {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private BlockIds() {
    }

    public static String next(long millis) {
        char[] out = new char[26];
        long t = millis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (t & 31)];
            t >>>= 5;
        }
        byte[] r = new byte[10];
        RANDOM.nextBytes(r);
        long hi = ((r[0] & 0xFFL) << 32) | ((r[1] & 0xFFL) << 24) | ((r[2] & 0xFFL) << 16) | ((r[3] & 0xFFL) << 8) | (r[4] & 0xFFL);
        long lo = ((r[5] & 0xFFL) << 32) | ((r[6] & 0xFFL) << 24) | ((r[7] & 0xFFL) << 16) | ((r[8] & 0xFFL) << 8) | (r[9] & 0xFFL);
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }

    /** Whether {@code name} has the shape of a block id (used to skip foreign directories). */
    public static boolean isId(String name) {
        if (name.length() != 26) {
            return false;
        }
        for (int i = 0; i < 26; i++) {
            if (new String(ALPHABET).indexOf(name.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
