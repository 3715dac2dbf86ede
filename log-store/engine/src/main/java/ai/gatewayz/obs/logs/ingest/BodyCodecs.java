package ai.gatewayz.obs.logs.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.xerial.snappy.Snappy;

/**
 * Undoes the content encodings of a push body, each capped at {@code max} decoded bytes so a small
 * bomb cannot exhaust memory. Stateless and thread-safe.
 */
public final class BodyCodecs {
    private BodyCodecs() {
    }

    public static byte[] gunzip(byte[] body, long max) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return readCapped(in, max);
        } catch (IOException e) {
            throw IngestErrors.malformed("gzip", e.getMessage());
        }
    }

    /** HTTP deflate: zlib-wrapped (RFC 1950) as most clients send it, or raw DEFLATE as Go's flate writer does. */
    public static byte[] inflate(byte[] body, long max) {
        boolean zlib = body.length >= 2 && (body[0] & 0x0F) == 8 && ((body[0] & 0xFF) << 8 | body[1] & 0xFF) % 31 == 0;
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(body), new Inflater(!zlib))) {
            return readCapped(in, max);
        } catch (IOException e) {
            throw IngestErrors.malformed("deflate", e.getMessage());
        }
    }

    /** Snappy block format; the declared length is checked before allocating. */
    public static byte[] unsnappy(byte[] body, long max) {
        try {
            int len = Snappy.uncompressedLength(body);
            if (len < 0 || len > max) {
                throw IngestErrors.tooLarge(len, max);
            }
            return Snappy.uncompress(body);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ai.gatewayz.obs.common.SuiteException s) {
                throw s;
            }
            throw IngestErrors.malformed("snappy", String.valueOf(e.getMessage()));
        }
    }

    private static byte[] readCapped(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > max) {
                throw IngestErrors.tooLarge(total, max);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
