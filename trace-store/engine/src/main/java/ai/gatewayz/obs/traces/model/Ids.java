package ai.gatewayz.obs.traces.model;

/** Big-endian byte/long conversions and lowercase hex for trace and span ids. */
public final class Ids {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {
    }

    public static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    public static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    public static byte[] spanBytes(long id) {
        byte[] b = new byte[8];
        putLong(b, 0, id);
        return b;
    }

    /** 16 lowercase hex digits. */
    public static String hex(long v) {
        char[] c = new char[16];
        for (int i = 15; i >= 0; i--) {
            c[i] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
        return new String(c);
    }

    /** Parses exactly {@code 2*n} hex digits into n bytes, or returns null. */
    public static byte[] parseHexBytes(String s) {
        if ((s.length() & 1) != 0) {
            return null;
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int a = Character.digit(s.charAt(2 * i), 16);
            int b = Character.digit(s.charAt(2 * i + 1), 16);
            if (a < 0 || b < 0) {
                return null;
            }
            out[i] = (byte) ((a << 4) | b);
        }
        return out;
    }

    public static String hex(byte[] b) {
        char[] c = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            c[2 * i] = HEX[(b[i] >> 4) & 0xF];
            c[2 * i + 1] = HEX[b[i] & 0xF];
        }
        return new String(c);
    }
}
