package ai.gatewayz.obs.profiles.pprof;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * gzip detection by magic bytes ({@code 1f 8b}) and single-member inflation with a size cap.
 * A second gzip member after the first one's trailer means concatenated profiles, which pprof rejects. Stateless.
 */
public final class Gzip {
    private Gzip() {
    }

    public static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xFF) == 0x1f && (b[1] & 0xFF) == 0x8b;
    }

    /** Returns {@code b} inflated if it starts with the gzip magic, else {@code b} itself. */
    public static byte[] maybeGunzip(byte[] b, long maxBytes) {
        return isGzip(b) ? gunzip(b, maxBytes) : b;
    }

    public static byte[] gunzip(byte[] b, long maxBytes) {
        int pos = headerLength(b);
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(b, pos, b.length - pos);
            byte[] out = new byte[Math.max(1024, Math.min(b.length * 4, 1 << 20))];
            int n = 0;
            while (!inf.finished()) {
                if (n == out.length) {
                    if (out.length >= maxBytes) {
                        throw PprofErrors.tooLarge(maxBytes);
                    }
                    out = Arrays.copyOf(out, (int) Math.min(maxBytes, (long) out.length * 2));
                }
                int r = inf.inflate(out, n, out.length - n);
                if (r == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw PprofErrors.badGzip("unexpected end of stream");
                }
                n += r;
            }
            int rest = inf.getRemaining();
            if (rest < 8) {
                throw PprofErrors.badGzip("missing trailer");
            }
            int next = b.length - rest + 8;
            if (rest >= 10 && (b[next] & 0xFF) == 0x1f && (b[next + 1] & 0xFF) == 0x8b) {
                throw PprofErrors.concatenated();
            }
            // other trailing bytes (zero padding) are ignored, as gzip tools do
            return Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw PprofErrors.badGzip(e.getMessage());
        } finally {
            inf.end();
        }
    }

    private static int headerLength(byte[] b) {
        if (b.length < 10) {
            throw PprofErrors.badGzip("truncated header");
        }
        if (b[2] != 8) {
            throw PprofErrors.badGzip("unknown compression method " + b[2]);
        }
        int flags = b[3] & 0xFF;
        int pos = 10;
        if ((flags & 4) != 0) {
            if (b.length < pos + 2) {
                throw PprofErrors.badGzip("truncated header");
            }
            pos += 2 + ((b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8);
        }
        if ((flags & 8) != 0) {
            pos = skipZeroTerminated(b, pos);
        }
        if ((flags & 16) != 0) {
            pos = skipZeroTerminated(b, pos);
        }
        if ((flags & 2) != 0) {
            pos += 2;
        }
        if (pos > b.length) {
            throw PprofErrors.badGzip("truncated header");
        }
        return pos;
    }

    private static int skipZeroTerminated(byte[] b, int pos) {
        while (pos < b.length && b[pos] != 0) {
            pos++;
        }
        return pos + 1;
    }
}
