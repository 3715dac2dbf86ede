package ai.gatewayz.obs.logs.logql;

import ai.gatewayz.obs.logs.storage.LogQuerier;

/**
 * Parses and evaluates LogQL. Implementations are thread-safe and hold no per-query state; the
 * querier belongs to the caller, who closes it after the result is built. Parse errors and limit
 * violations throw {@code SuiteException} with Loki's messages (BAD_DATA for parse errors).
 */
public interface LogqlQueries {
    LogqlResult evaluate(LogQuerier querier, LogqlRequest request);

    /** The query formatted as Loki's {@code /format_query} returns it. */
    String format(String query);
}
