package ai.gatewayz.obs.common;

/**
 * The closed set of failure classes every service reports. The names are the Prometheus API's
 * {@code errorType} values where Prometheus has one; the HTTP status of each kind is decided in
 * exactly one place, {@code ai.gatewayz.obs.http.StatusTable}.
 */
public enum ErrorKind {
    /** The request is malformed or names an invalid value (400). */
    BAD_DATA("bad_data"),
    /** A well-formed query failed while running, e.g. a limit was hit (422). */
    EXECUTION("execution"),
    /** The request took longer than its allowed time (503). */
    TIMEOUT("timeout"),
    /** The client went away (499). */
    CANCELED("canceled"),
    /** A defect or an unexpected fault on our side (500). */
    INTERNAL("internal"),
    /** A retryable condition: starting up, storage busy, a dependency down (503). */
    UNAVAILABLE("unavailable"),
    /** The addressed resource does not exist (404). */
    NOT_FOUND("not_found"),
    /** The requested representation cannot be produced (406). */
    NOT_ACCEPTABLE("not_acceptable"),
    /** Credentials are missing or wrong (401). */
    UNAUTHORIZED("unauthorized"),
    /** A per-tenant rate or volume limit was exceeded; retry later (429). */
    TOO_MANY_REQUESTS("too_many_requests"),
    /** The body is larger than the configured limit (413). */
    PAYLOAD_TOO_LARGE("payload_too_large"),
    /** The body's content type or encoding is not understood (415). */
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type"),
    /** The HTTP method is not allowed on this path (405). */
    METHOD_NOT_ALLOWED("method_not_allowed"),
    /** The endpoint exists in the replaced system but is not built yet (501). */
    NOT_IMPLEMENTED("not_implemented"),
    /** The endpoint existed in the replaced system but was removed there too (410). */
    GONE("gone"),
    /** The request line (method and target) is longer than the server reads (414). */
    URI_TOO_LONG("uri_too_long"),
    /** The request's header section is larger than the server reads (431). */
    HEADERS_TOO_LARGE("request_header_fields_too_large");

    private final String wireName;

    ErrorKind(String wireName) {
        this.wireName = wireName;
    }

    /** The {@code errorType} string written in the JSON error envelope. */
    public String wireName() {
        return wireName;
    }
}
