package ai.gatewayz.obs.traces.traceql;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** TraceQL parse and type errors (400), worded like Tempo's ({@code parse error at line 1, col N: ...}). */
public final class TraceqlErrors {
    private TraceqlErrors() {
    }

    public static SuiteException syntax(int col, String what) {
        return new SuiteException(ErrorKind.BAD_DATA, "parse error at line 1, col " + col + ": syntax error: " + what);
    }

    public static SuiteException type(String what) {
        return new SuiteException(ErrorKind.BAD_DATA, "invalid TraceQL query: " + what);
    }

    public static SuiteException unsupported(String what) {
        return new SuiteException(ErrorKind.BAD_DATA, "unsupported TraceQL: " + what);
    }
}
