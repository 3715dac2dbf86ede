package ai.gatewayz.obs.profiles.limits;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/**
 * Refusals by per-tenant limits, one factory each: rates and series are 429 (retry later, as
 * pyroscope-java does), malformed-by-size profiles and labels are 400 (retrying cannot help).
 */
public final class LimitErrors {
    private LimitErrors() {
    }

    public static SuiteException rateLimited(String tenant, long bytes, TenantLimits l) {
        return new SuiteException(ErrorKind.TOO_MANY_REQUESTS, "ingestion rate limit exceeded [tenant=" + tenant
                + ", request_bytes=" + bytes + ", limit_bytes_per_second=" + l.ingestionRateBytes()
                + ", burst_bytes=" + Math.max(l.ingestionBurstBytes(), l.ingestionRateBytes()) + "]");
    }

    public static SuiteException profileTooLarge(String tenant, long bytes, long limit) {
        return new SuiteException(ErrorKind.BAD_DATA, "profile exceeds the per-tenant size limit [tenant=" + tenant
                + ", profile_bytes=" + bytes + ", limit_bytes=" + limit + "]");
    }

    public static SuiteException tooManyLabels(String tenant, String series, int count, int limit) {
        return new SuiteException(ErrorKind.BAD_DATA, "series has too many labels [tenant=" + tenant + ", series=" + series
                + ", labels=" + count + ", limit=" + limit + "]");
    }

    public static SuiteException labelNameTooLong(String tenant, String name, int length, int limit) {
        return new SuiteException(ErrorKind.BAD_DATA, "label name too long [tenant=" + tenant + ", label=" + shorten(name)
                + ", length=" + length + ", limit=" + limit + "]");
    }

    public static SuiteException labelValueTooLong(String tenant, String name, int length, int limit) {
        return new SuiteException(ErrorKind.BAD_DATA, "label value too long [tenant=" + tenant + ", label=" + shorten(name)
                + ", length=" + length + ", limit=" + limit + "]");
    }

    public static SuiteException tooManySeries(String tenant, int active, int adding, int limit) {
        return new SuiteException(ErrorKind.TOO_MANY_REQUESTS, "per-tenant series limit reached [tenant=" + tenant
                + ", active_series=" + active + ", new_series=" + adding + ", limit=" + limit + "]");
    }

    private static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
