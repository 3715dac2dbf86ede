package ai.gatewayz.obs.metrics.storage;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;

/**
 * The failures an {@link Appender} reports, one factory each. Callers (remote write, scrape,
 * rules) classify them by {@link Reason}, never by message text.
 */
public final class StorageErrors {
    /** Why a sample was refused. */
    public enum Reason {
        OUT_OF_ORDER, TOO_OLD, DUPLICATE_TIMESTAMP, OUT_OF_BOUNDS, INVALID_LABELS, LIMIT, UNSUPPORTED
    }

    /** A refused sample; carries its {@link Reason}. */
    public static final class SampleRejected extends SuiteException {
        private final Reason reason;

        SampleRejected(Reason reason, ErrorKind kind, String message) {
            super(kind, message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private StorageErrors() {
    }

    public static SampleRejected outOfOrder(Labels series, long t, long lastT) {
        return new SampleRejected(Reason.OUT_OF_ORDER, ErrorKind.BAD_DATA,
                "out of order sample [series=" + series + ", timestamp=" + t + ", last=" + lastT + "]");
    }

    public static SampleRejected tooOld(Labels series, long t, long minValidT) {
        return new SampleRejected(Reason.TOO_OLD, ErrorKind.BAD_DATA,
                "too old sample [series=" + series + ", timestamp=" + t + ", minValid=" + minValidT + "]");
    }

    public static SampleRejected duplicateTimestamp(Labels series, long t) {
        return new SampleRejected(Reason.DUPLICATE_TIMESTAMP, ErrorKind.BAD_DATA,
                "duplicate sample for timestamp with a different value [series=" + series + ", timestamp=" + t + "]");
    }

    public static SampleRejected outOfBounds(Labels series, long t) {
        return new SampleRejected(Reason.OUT_OF_BOUNDS, ErrorKind.BAD_DATA,
                "out of bounds sample [series=" + series + ", timestamp=" + t + "]");
    }

    /** A tenant limit refused the sample (e.g. a new series beyond the active-series limit). */
    public static SampleRejected limit(Labels series, String limit, long value) {
        return new SampleRejected(Reason.LIMIT, ErrorKind.BAD_DATA,
                "per-tenant limit exceeded [limit=" + limit + ", value=" + value + ", series=" + series + "]");
    }

    /**
     * The WAL record of a batch could not be written: nothing of the batch was made visible or
     * acknowledged, and the client may retry (503).
     */
    public static SuiteException walWriteFailed(RuntimeException cause) {
        return new SuiteException(ErrorKind.UNAVAILABLE, "WAL write failed, nothing of the batch was stored [error="
                + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "]", cause);
    }

    public static SampleRejected invalidLabels(Labels series, String why) {
        return new SampleRejected(Reason.INVALID_LABELS, ErrorKind.BAD_DATA,
                "invalid labels [series=" + series + ", reason=" + why + "]");
    }

    /** This storage keeps float samples only and refuses a native histogram sample. */
    public static SampleRejected histogramsNotStored(Labels series, long t) {
        return new SampleRejected(Reason.UNSUPPORTED, ErrorKind.BAD_DATA,
                "native histogram samples are not stored by this storage [series=" + series + ", timestamp=" + t + "]");
    }
}
