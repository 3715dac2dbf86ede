package ai.gatewayz.obs.common;

/** Static factories for the failures that every service shares. One factory per failure. */
public final class CommonErrors {
    private CommonErrors() {
    }

    /** A request parameter could not be parsed; the message names the parameter and the value. */
    public static SuiteException invalidParameter(String name, String value, String reason) {
        return new SuiteException(ErrorKind.BAD_DATA,
                "invalid parameter \"" + name + "\": " + reason.replace("%s", quote(value)));
    }

    /** A required request parameter is absent. */
    public static SuiteException missingParameter(String name) {
        return new SuiteException(ErrorKind.BAD_DATA, "missing required parameter \"" + name + "\"");
    }

    /** The request body could not be decoded. */
    public static SuiteException malformedBody(String format, String detail) {
        return new SuiteException(ErrorKind.BAD_DATA, "malformed " + format + " body [detail=" + detail + "]");
    }

    /** An endpoint of the replaced system that this service does not serve yet. */
    public static SuiteException notImplemented(String method, String path) {
        return new SuiteException(ErrorKind.NOT_IMPLEMENTED,
                "endpoint not implemented yet [method=" + method + ", path=" + path + "]");
    }

    /** No route matches the path. */
    public static SuiteException notFound(String method, String path) {
        return new SuiteException(ErrorKind.NOT_FOUND, "no such endpoint [method=" + method + ", path=" + path + "]");
    }

    /** The method is not allowed on an existing path. */
    public static SuiteException methodNotAllowed(String method, String path) {
        return new SuiteException(ErrorKind.METHOD_NOT_ALLOWED,
                "method not allowed [method=" + method + ", path=" + path + "]");
    }

    /** The content type of the body is not one the endpoint accepts. */
    public static SuiteException unsupportedMediaType(String contentType) {
        return new SuiteException(ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                "unsupported content type [content-type=" + contentType + "]");
    }

    /** The body exceeds the configured maximum. */
    public static SuiteException payloadTooLarge(long size, long max) {
        return new SuiteException(ErrorKind.PAYLOAD_TOO_LARGE,
                "request body too large [size=" + size + ", max=" + max + "]");
    }

    /** The request line exceeds the server's header buffer; the client should POST a form body instead. */
    public static SuiteException uriTooLong(long max) {
        return new SuiteException(ErrorKind.URI_TOO_LONG,
                "request line too long, send long queries as a POST form body [max=" + max + "]");
    }

    /** The header section exceeds the server's header buffer. */
    public static SuiteException headersTooLarge(long max) {
        return new SuiteException(ErrorKind.HEADERS_TOO_LARGE, "request header fields too large [max=" + max + "]");
    }

    /** The request line or headers are not valid HTTP (the container rejected them before routing). */
    public static SuiteException malformedRequest(String detail) {
        return new SuiteException(ErrorKind.BAD_DATA, "malformed HTTP request [detail=" + detail + "]");
    }

    /** A query or form parameter could not be decoded (bad percent-encoding, too many parameters). */
    public static SuiteException undecodableParameters(String detail) {
        return new SuiteException(ErrorKind.BAD_DATA, "cannot decode request parameters [detail=" + detail + "]");
    }

    /** Missing or wrong credentials. */
    public static SuiteException unauthorized(String scope) {
        return new SuiteException(ErrorKind.UNAUTHORIZED, "missing or invalid credentials [scope=" + scope + "]");
    }

    /** The tenant id in X-Scope-OrgID is not acceptable. */
    public static SuiteException invalidTenant(String tenant, String reason) {
        return new SuiteException(ErrorKind.BAD_DATA,
                "invalid tenant ID [tenant=" + quote(tenant) + ", reason=" + reason + "]");
    }

    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        String v = value.length() > 256 ? value.substring(0, 256) + "..." : value;
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
