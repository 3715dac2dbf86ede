package ai.gatewayz.obs.logs.ingest;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/**
 * Push failures. Texts follow Loki's validation messages (clients and dashboards match on them);
 * one factory per failure. Per-entry and per-stream texts are collected into a partial-success
 * answer; whole-request failures are thrown.
 */
public final class IngestErrors {
    private IngestErrors() {
    }

    static String missingLabels() {
        return "error at least one label pair is required per stream";
    }

    static String invalidLabels(String labels, String error) {
        return "error parsing labels '" + labels + "' with error: " + error;
    }

    static String duplicateLabel(String labels, String name) {
        return "stream '" + labels + "' has duplicate label name: '" + name + "'";
    }

    static String tooManyLabels(String labels, int n, int limit) {
        return "entry for stream '" + labels + "' has " + n + " label names; limit " + limit;
    }

    static String labelNameTooLong(String labels, String name) {
        return "stream '" + labels + "' has label name too long: '" + name + "'";
    }

    static String labelValueTooLong(String labels, String value) {
        return "stream '" + labels + "' has label value too long: '" + value + "'";
    }

    static String lineTooLong(String labels, int limit, int length) {
        return "Max entry size '" + limit + "' bytes exceeded for stream '" + labels + "' while adding an entry with length '"
                + length + "' bytes";
    }

    static String tooOld(String labels, String ts, String oldest) {
        return "entry for stream '" + labels + "' has timestamp too old: " + ts + ", oldest acceptable timestamp is: " + oldest;
    }

    static String tooNew(String labels, String ts) {
        return "entry for stream '" + labels + "' has timestamp too new: " + ts;
    }

    static String tooFarBehind(String labels, String ts, String oldest) {
        return "entry for stream '" + labels + "' too far behind, entry timestamp is: " + ts
                + ", oldest acceptable timestamp is: " + oldest;
    }

    static String metadataTooLarge(String labels, long size, long limit) {
        return "stream '" + labels + "' has structured metadata too large: '" + size + "' bytes, limit: '" + limit
                + "' bytes. Please see `limits_config.max_structured_metadata_size` or contact your Loki administrator to increase it.";
    }

    static String metadataTooMany(String labels, int n, int limit) {
        return "stream '" + labels + "' has too many structured metadata labels: '" + n + "', limit: '" + limit
                + "'. Please see `limits_config.max_structured_metadata_entries_count` or contact your Loki administrator to increase it.";
    }

    static String invalidMetadataName(String labels, String name) {
        return "stream '" + labels + "' has invalid structured metadata name: '" + name + "'";
    }

    static String streamLimit(String labels, String tenant) {
        return "Maximum active stream limit exceeded when trying to create stream " + labels
                + ", reduce the number of active streams (reduce labels or reduce label values), or contact your Loki "
                + "administrator to see if the limit can be increased, user: '" + tenant + "'";
    }

    static String streamRateLimit(String labels, long limit, long bytes) {
        return "Per stream rate limit exceeded (limit: " + limit + " bytes/sec) while attempting to ingest for stream '"
                + labels + "' totaling " + bytes + " bytes, consider splitting a stream via additional labels or contact "
                + "your Loki administrator to see if the limit can be increased";
    }

    /** The tenant's ingestion rate is exhausted: the whole push is refused (429), nothing stored. */
    public static SuiteException rateLimited(String tenant, long limit, int lines, long bytes) {
        return new SuiteException(ErrorKind.TOO_MANY_REQUESTS, "Ingestion rate limit exceeded for user " + tenant
                + " (limit: " + limit + " bytes/sec) while attempting to ingest '" + lines + "' lines totaling '" + bytes
                + "' bytes, reduce log volume or contact your Loki administrator to see if the limit can be increased");
    }

    /** The body could not be decoded. */
    public static SuiteException malformed(String format, String detail) {
        return new SuiteException(ErrorKind.BAD_DATA, "malformed " + format + " push body [detail=" + detail + "]");
    }

    /** JSON timestamps must be strings of nanoseconds. */
    public static SuiteException timestampNotString(String value) {
        return new SuiteException(ErrorKind.BAD_DATA,
                "malformed JSON push body [detail=timestamp must be a string of nanoseconds, got " + value + "]");
    }

    public static SuiteException unsupportedEncoding(String encoding) {
        return new SuiteException(ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                "unsupported Content-Encoding [encoding=" + encoding + "]");
    }

    public static SuiteException unsupportedContentType(String type) {
        return new SuiteException(ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                "unsupported Content-Type for push [contentType=" + type + "]");
    }

    public static SuiteException tooLarge(long size, long max) {
        return new SuiteException(ErrorKind.PAYLOAD_TOO_LARGE,
                "push body too large [size=" + size + ", max=" + max + "]");
    }
}
