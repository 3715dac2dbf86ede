package ai.gatewayz.obs.common;

/**
 * Base of every expected failure in the suite. Callers classify by {@link #kind()}, never by
 * message text. Messages follow the shape {@code what [key=value, key=value]} unless a
 * replaced system's exact wording is part of its API (Prometheus parse errors, for instance).
 *
 * <p>Stack traces are captured only when assertions are enabled (tests run with {@code -ea}), so
 * rejecting bad input in production costs no stack walk.
 */
public class SuiteException extends RuntimeException {
    private static final boolean CAPTURE_STACK = SuiteException.class.desiredAssertionStatus();

    private final ErrorKind kind;

    public SuiteException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    public SuiteException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause, true, CAPTURE_STACK);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}
