package ai.gatewayz.obs.metrics.promql.parser;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/**
 * A PromQL syntax or type error. The message has Prometheus's shape
 * {@code <line>:<col>: parse error: <reason>}; {@link #reason()} is the bare reason.
 */
public final class ParseException extends SuiteException {
    private final String reason;
    private final int position;

    ParseException(String query, int position, String reason) {
        super(ErrorKind.BAD_DATA, positionPrefix(query, position) + " parse error: " + reason);
        this.reason = reason;
        this.position = position;
    }

    public String reason() {
        return reason;
    }

    /** Character offset (0-based) where the error was found. */
    public int position() {
        return position;
    }

    static String positionPrefix(String query, int pos) {
        if (pos < 0 || pos > query.length()) {
            return "invalid position:";
        }
        int line = 1;
        int lastBreak = -1;
        for (int i = 0; i < pos; i++) {
            if (query.charAt(i) == '\n') {
                line++;
                lastBreak = i;
            }
        }
        return line + ":" + (pos - lastBreak) + ":";
    }
}
