package ai.gatewayz.obs.logs.tail;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** Failures of a tail request; one factory per failure, messages {@code what [key=value]}. */
public final class TailErrors {
    private TailErrors() {
    }

    public static SuiteException notALogQuery(String query) {
        return new SuiteException(ErrorKind.BAD_DATA, "tail needs a log query, not a metric query [query=" + query + "]");
    }

    public static SuiteException delayTooLong(long seconds, long max) {
        return new SuiteException(ErrorKind.BAD_DATA,
                "delay_for is out of range [delay_for=" + seconds + ", max=" + max + "]");
    }

    public static SuiteException tooManyTails(String tenant, int max) {
        return new SuiteException(ErrorKind.TOO_MANY_REQUESTS,
                "max concurrent tail requests limit exceeded [tenant=" + tenant + ", max=" + max + "]");
    }
}
