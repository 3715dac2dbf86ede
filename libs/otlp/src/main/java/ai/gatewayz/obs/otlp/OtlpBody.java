package ai.gatewayz.obs.otlp;

import ai.gatewayz.obs.common.CommonErrors;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One OTLP/HTTP request body, read under a size limit and un-gzipped: the limit applies to the
 * bytes on the wire and again to the decompressed bytes, so a small gzip bomb is refused too.
 */
public record OtlpBody(OtlpEncoding encoding, byte[] bytes) {

    /**
     * Reads {@code in} as an OTLP body of {@code contentType}, {@code contentEncoding} (null,
     * identity or gzip) and declared length (-1 when unknown).
     *
     * @throws ai.gatewayz.obs.common.SuiteException 415 for an unknown type or encoding, 413 above
     *     {@code maxBytes}, 400 for a broken gzip stream
     */
    public static OtlpBody read(String contentType, String contentEncoding, long declaredLength, InputStream in,
            long maxBytes) throws IOException {
        return read(contentType, contentEncoding, declaredLength, in, maxBytes, maxBytes);
    }

    /** As {@link #read(String, String, long, InputStream, long)} with a separate limit for the decompressed bytes. */
    public static OtlpBody read(String contentType, String contentEncoding, long declaredLength, InputStream in,
            long maxBytes, long maxDecodedBytes) throws IOException {
        OtlpEncoding encoding = OtlpEncoding.of(contentType);
        boolean gzip = isGzip(contentEncoding);
        if (declaredLength > maxBytes) {
            throw CommonErrors.payloadTooLarge(declaredLength, maxBytes);
        }
        byte[] raw = readLimited(in, maxBytes);
        if (!gzip) {
            return new OtlpBody(encoding, raw);
        }
        try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return new OtlpBody(encoding, readLimited(unzipped, maxDecodedBytes));
        } catch (ZipException | EOFException e) {
            throw OtlpErrors.badGzip(e.getMessage());
        }
    }

    private static boolean isGzip(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank() || contentEncoding.equalsIgnoreCase("identity")) {
            return false;
        }
        if (contentEncoding.strip().equalsIgnoreCase("gzip")) {
            return true;
        }
        throw OtlpErrors.unsupportedEncoding(contentEncoding);
    }

    private static byte[] readLimited(InputStream in, long maxBytes) throws IOException {
        byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (b.length > maxBytes) {
            throw CommonErrors.payloadTooLarge(b.length, maxBytes);
        }
        return b;
    }
}
