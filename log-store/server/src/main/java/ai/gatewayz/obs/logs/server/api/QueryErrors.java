package ai.gatewayz.obs.logs.server.api;

import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** Query API failures with Loki's texts. One factory per failure. */
final class QueryErrors {
    private QueryErrors() {
    }

    static SuiteException limitTooLarge(int limit, int max) {
        return new SuiteException(ErrorKind.BAD_DATA,
                "max entries limit per query exceeded, limit > max_entries_limit_per_query (" + limit + " > " + max + ")");
    }

    static SuiteException negativeLimit(String raw) {
        return new SuiteException(ErrorKind.BAD_DATA, "limit must be a positive value [limit=" + raw + "]");
    }

    static SuiteException rangeTooLong(long lengthMs, long limitMs) {
        return new SuiteException(ErrorKind.BAD_DATA, "the query time range exceeds the limit (query length: "
                + Durations.format(lengthMs) + ", limit: " + Durations.format(limitMs) + ")");
    }

    static SuiteException endBeforeStart() {
        return new SuiteException(ErrorKind.BAD_DATA, "end timestamp must not be before or equal to start time");
    }

    static SuiteException tooManyPoints() {
        return new SuiteException(ErrorKind.BAD_DATA,
                "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
    }

    static SuiteException timeout() {
        return new SuiteException(ErrorKind.TIMEOUT, "request timed out, decrease the duration of the request or add "
                + "more label matchers (prefer exact match over regex match) to reduce the amount of data processed");
    }

    static SuiteException interrupted() {
        return new SuiteException(ErrorKind.CANCELED, "query canceled");
    }

    static SuiteException missingQuery() {
        return new SuiteException(ErrorKind.BAD_DATA, "query parameter is required [parameter=query]");
    }
}
