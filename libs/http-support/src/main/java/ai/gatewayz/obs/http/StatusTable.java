package ai.gatewayz.obs.http;

import ai.gatewayz.obs.common.ErrorKind;

/**
 * The one place where a failure class becomes an HTTP status. Mirrors the Prometheus API's table
 * (bad_data 400, execution 422, canceled 499, timeout 503, internal 500, unavailable 503,
 * not_found 404, not_acceptable 406) and adds the statuses the other replaced systems use (Go's net/http answers 431 for an
 * oversized header section; 414 is what a client should read as "POST the query instead").
 */
public final class StatusTable {
    private StatusTable() {
    }

    public static int status(ErrorKind kind) {
        return switch (kind) {
            case BAD_DATA -> 400;
            case EXECUTION -> 422;
            case CANCELED -> 499;
            case TIMEOUT, UNAVAILABLE -> 503;
            case INTERNAL -> 500;
            case NOT_FOUND -> 404;
            case NOT_ACCEPTABLE -> 406;
            case UNAUTHORIZED -> 401;
            case TOO_MANY_REQUESTS -> 429;
            case PAYLOAD_TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case METHOD_NOT_ALLOWED -> 405;
            case NOT_IMPLEMENTED -> 501;
            case GONE -> 410;
            case URI_TOO_LONG -> 414;
            case HEADERS_TOO_LARGE -> 431;
        };
    }

    /**
     * The status in the dialect of Loki, Tempo and Pyroscope, which answer a query timeout with 504
     * (gateway timeout) where Prometheus answers 503; every other kind as {@link #status}.
     */
    public static int gatewayTimeoutStatus(ErrorKind kind) {
        return kind == ErrorKind.TIMEOUT ? 504 : status(kind);
    }

    /** The kind a bare HTTP status stands for, for errors raised outside our handlers. */
    public static ErrorKind kindOf(int status) {
        return switch (status) {
            case 400 -> ErrorKind.BAD_DATA;
            case 401, 403 -> ErrorKind.UNAUTHORIZED;
            case 404 -> ErrorKind.NOT_FOUND;
            case 405 -> ErrorKind.METHOD_NOT_ALLOWED;
            case 406 -> ErrorKind.NOT_ACCEPTABLE;
            case 410 -> ErrorKind.GONE;
            case 413 -> ErrorKind.PAYLOAD_TOO_LARGE;
            case 414 -> ErrorKind.URI_TOO_LONG;
            case 415 -> ErrorKind.UNSUPPORTED_MEDIA_TYPE;
            case 431 -> ErrorKind.HEADERS_TOO_LARGE;
            case 422 -> ErrorKind.EXECUTION;
            case 429 -> ErrorKind.TOO_MANY_REQUESTS;
            case 499 -> ErrorKind.CANCELED;
            case 501 -> ErrorKind.NOT_IMPLEMENTED;
            case 503 -> ErrorKind.UNAVAILABLE;
            default -> status >= 500 ? ErrorKind.INTERNAL : ErrorKind.BAD_DATA;
        };
    }
}
