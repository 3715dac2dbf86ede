package ai.gatewayz.obs.logs.logql;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/**
 * Every failure of LogQL parsing and evaluation, one factory each. The texts are Loki's (clients
 * such as Grafana show them verbatim), so they keep Loki's shape instead of {@code what [key=value]}.
 */
public final class LogqlErrors {
    private LogqlErrors() {
    }

    /** A syntax or lexical error at a position: Loki's "parse error at line L, col C: ...". */
    public static SuiteException at(int line, int col, String message) {
        return new SuiteException(ErrorKind.BAD_DATA, "parse error at line " + line + ", col " + col + ": " + message);
    }

    /** A syntax error at a token. */
    public static SuiteException unexpected(int line, int col, String token, String expecting) {
        return at(line, col, "syntax error: unexpected " + token + (expecting == null ? "" : ", expecting " + expecting));
    }

    /** A semantic error without a position: Loki's "parse error : ...". */
    public static SuiteException semantic(String message) {
        return new SuiteException(ErrorKind.BAD_DATA, "parse error : " + message);
    }

    public static SuiteException emptySelector() {
        return semantic("queries require at least one regexp or equality matcher that does not have an empty-compatible"
                + " value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will");
    }

    public static SuiteException invalidRegex(String regex, String detail) {
        return semantic("invalid regex " + regex + ": " + detail);
    }

    public static SuiteException maxSeries(int max) {
        return new SuiteException(ErrorKind.BAD_DATA, "maximum of series (" + max + ") reached for a single query");
    }

    public static SuiteException maxEntries(int limit, int max) {
        return new SuiteException(ErrorKind.BAD_DATA,
                "max entries limit per query exceeded, limit > max_entries_limit_per_query (" + limit + " > " + max + ")");
    }

    /** A metric query whose samples still carry {@code __error__} (Loki's pipeline error). */
    public static SuiteException pipelineError(String error, String series) {
        return new SuiteException(ErrorKind.BAD_DATA, "pipeline error: '" + error + "' for series: '" + series + "'.\n"
                + "Use a label filter to intentionally skip this error. (e.g | __error__!=\"" + error + "\").\n"
                + "To skip all potential errors you can match empty errors.(e.g __error__=\"\")\n"
                + "The label filter can also be specified after unwrap. (e.g | unwrap latency | __error__=\"\" )\n");
    }

    /** A template of line_format or label_format that does not parse. */
    public static SuiteException invalidTemplate(String stage, String detail) {
        return semantic("invalid " + stage + " template: " + detail);
    }

    public static SuiteException stepTooSmall(long points) {
        return new SuiteException(ErrorKind.BAD_DATA,
                "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX) [points="
                        + points + "]");
    }
}
