package ai.gatewayz.obs.metrics.ingest;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** Failures of a whole remote-write request, one factory each; the HTTP status follows the kind. */
public final class IngestErrors {
    private IngestErrors() {
    }

    public static SuiteException unsupportedEncoding(String encoding) {
        return new SuiteException(ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                "unsupported content encoding, only snappy is accepted [content-encoding=" + encoding + "]");
    }

    public static SuiteException unsupportedContentType(String contentType) {
        return new SuiteException(ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                "unsupported content type, expected application/x-protobuf with proto=prometheus.WriteRequest"
                        + " or proto=io.prometheus.write.v2.Request [content-type=" + contentType + "]");
    }

    public static SuiteException malformedSnappy(String detail) {
        return new SuiteException(ErrorKind.BAD_DATA, "malformed snappy block body [detail=" + detail + "]");
    }

    public static SuiteException framedSnappy() {
        return new SuiteException(ErrorKind.BAD_DATA,
                "malformed snappy block body [detail=snappy framed/stream format is not accepted, send the block format]");
    }

    public static SuiteException decodedTooLarge(long size, long max) {
        return new SuiteException(ErrorKind.PAYLOAD_TOO_LARGE,
                "decoded remote write body too large [size=" + size + ", max=" + max + "]");
    }

    public static SuiteException malformedProtobuf(String message, String detail) {
        return new SuiteException(ErrorKind.BAD_DATA, "malformed protobuf body [message=" + message + ", detail=" + detail + "]");
    }

    public static SuiteException rateLimited(String tenant, double rate, long samples) {
        return new SuiteException(ErrorKind.TOO_MANY_REQUESTS,
                "ingestion rate limit exceeded [tenant=" + tenant + ", limit=" + rate + " samples/s, request=" + samples + "]");
    }

    public static SuiteException storageUnavailable(String detail) {
        return new SuiteException(ErrorKind.UNAVAILABLE, "storage failed to persist the write, retry [detail=" + detail + "]");
    }
}
