package ai.gatewayz.obs.common;

/**
 * UTF-8 sizes of Java strings without encoding them, for the byte limits every store applies to
 * label names, values and lines (limits are in bytes, as in the systems we replace). Stateless.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** The number of bytes {@code s} takes in UTF-8; an unpaired surrogate counts 3, as the encoder's replacement does. */
    public static int length(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Whether {@code s} is longer than {@code limit} bytes; skips the scan when even 3 bytes a char would fit. */
    public static boolean exceeds(CharSequence s, int limit) {
        return (long) s.length() * 3 > limit && length(s) > limit;
    }
}
