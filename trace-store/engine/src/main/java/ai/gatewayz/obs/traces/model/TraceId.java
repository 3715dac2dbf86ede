package ai.gatewayz.obs.traces.model;

/**
 * A 128-bit trace id as two longs (big-endian halves), so maps and sorts need no byte arrays.
 * Zero is the invalid id of OTLP.
 */
public record TraceId(long hi, long lo) implements Comparable<TraceId> {
    public static final TraceId ZERO = new TraceId(0, 0);

    public static TraceId of(byte[] b) {
        return new TraceId(Ids.getLong(b, 0), Ids.getLong(b, 8));
    }

    /**
     * Parses hex of up to 32 digits, left-padding shorter ids with zeros as Tempo does. Returns
     * null when the text is empty, too long or not hex.
     */
    public static TraceId parseHex(String s) {
        String t = s.strip();
        if (t.isEmpty() || t.length() > 32) {
            return null;
        }
        long hi = 0;
        long lo = 0;
        int pad = 32 - t.length();
        for (int i = 0; i < t.length(); i++) {
            int d = Character.digit(t.charAt(i), 16);
            if (d < 0) {
                return null;
            }
            int pos = pad + i;
            if (pos < 16) {
                hi = (hi << 4) | d;
            } else {
                lo = (lo << 4) | d;
            }
        }
        return new TraceId(hi, lo);
    }

    public boolean isZero() {
        return hi == 0 && lo == 0;
    }

    public byte[] toBytes() {
        byte[] b = new byte[16];
        Ids.putLong(b, 0, hi);
        Ids.putLong(b, 8, lo);
        return b;
    }

    public String hex() {
        return Ids.hex(hi) + Ids.hex(lo);
    }

    @Override
    public int compareTo(TraceId o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    @Override
    public String toString() {
        return hex();
    }
}
