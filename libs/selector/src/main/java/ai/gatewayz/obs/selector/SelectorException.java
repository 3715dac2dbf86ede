package ai.gatewayz.obs.selector;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/**
 * A selector syntax error (bad data, so HTTP 400 wherever it surfaces). The message has
 * Prometheus's shape {@code <line>:<col>: parse error: <reason>}; {@link #reason()} is the bare
 * reason and {@link #position()} the 0-based character offset. Created only by {@link SelectorErrors}.
 */
public final class SelectorException extends SuiteException {
    private final String reason;
    private final int position;

    SelectorException(String text, int position, String reason) {
        super(ErrorKind.BAD_DATA, lineColumn(text, position) + ": parse error: " + reason);
        this.reason = reason;
        this.position = position;
    }

    public String reason() {
        return reason;
    }

    public int position() {
        return position;
    }

    /** Prometheus's 1-based {@code line:col} of a character offset. */
    static String lineColumn(String text, int pos) {
        int line = 1;
        int lastBreak = -1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lastBreak = i;
            }
        }
        return line + ":" + (pos - lastBreak);
    }
}
