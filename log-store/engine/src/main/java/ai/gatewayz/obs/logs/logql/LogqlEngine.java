package ai.gatewayz.obs.logs.logql;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.logs.storage.LogQuerier;

/** LogQL over the storage seam. Stateless and thread-safe. Skeleton: the parser and evaluator follow. */
public final class LogqlEngine implements LogqlQueries {
    private final LogqlOptions options;

    public LogqlEngine(LogqlOptions options) {
        this.options = options;
    }

    public LogqlEngine() {
        this(LogqlOptions.DEFAULTS);
    }

    public LogqlOptions options() {
        return options;
    }

    @Override
    public LogqlResult evaluate(LogQuerier querier, LogqlRequest request) {
        throw new SuiteException(ErrorKind.NOT_IMPLEMENTED, "LogQL evaluation not implemented yet [query=" + request.query() + "]");
    }

    @Override
    public String format(String query) {
        throw new SuiteException(ErrorKind.NOT_IMPLEMENTED, "LogQL formatting not implemented yet");
    }
}
