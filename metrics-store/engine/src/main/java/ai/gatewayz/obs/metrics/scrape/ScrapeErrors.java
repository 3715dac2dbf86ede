package ai.gatewayz.obs.metrics.scrape;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Map;

/**
 * Failures of parsing an exposition or of a scrape; one factory each. The scrape failures are
 * worded as Prometheus 2.42 words them, because they are shown as {@code lastError} by
 * {@code /api/v1/targets}, which clients and people compare with Prometheus's.
 */
public final class ScrapeErrors {
    /** Go's {@code http.StatusText}, which Prometheus's message carries after the code. */
    private static final Map<Integer, String> STATUS_TEXT = Map.ofEntries(
            Map.entry(201, "Created"), Map.entry(202, "Accepted"), Map.entry(204, "No Content"),
            Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"), Map.entry(304, "Not Modified"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
            Map.entry(408, "Request Timeout"), Map.entry(410, "Gone"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private ScrapeErrors() {
    }

    public static SuiteException parse(int line, String what, String text) {
        String t = text.length() > 120 ? text.substring(0, 120) + "..." : text;
        return new SuiteException(ErrorKind.BAD_DATA, "malformed exposition [line=" + line + ", reason=" + what + ", text=" + t + "]");
    }

    public static SuiteException missingEof() {
        return new SuiteException(ErrorKind.BAD_DATA, "malformed exposition [reason=OpenMetrics body does not end with # EOF]");
    }

    /** A non-200 answer: {@code server returned HTTP status 500 Internal Server Error}. */
    public static SuiteException httpStatus(int status) {
        String text = STATUS_TEXT.get(status);
        return new SuiteException(ErrorKind.UNAVAILABLE,
                "server returned HTTP status " + status + (text == null ? "" : " " + text));
    }

    /** The body (or its gunzipped form) is over body_size_limit. */
    public static SuiteException bodyTooLarge(long limit) {
        return new SuiteException(ErrorKind.PAYLOAD_TOO_LARGE, "body size limit exceeded");
    }

    /** More samples after metric relabeling than sample_limit. */
    static String sampleLimit() {
        return "sample limit exceeded";
    }

    /**
     * A transport failure, worded like Go's {@code net/http} client error inside Prometheus:
     * {@code Get "http://h:1/metrics": dial tcp h:1: connect: connection refused}.
     */
    static String transport(URI url, IOException e) {
        String prefix = "Get \"" + url + "\": ";
        String hostPort = url.getHost() + ":" + (url.getPort() >= 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80);
        if (e instanceof HttpTimeoutException) {
            return prefix + "context deadline exceeded";
        }
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            return prefix + "dial tcp " + hostPort + ": connect: connection refused";
        }
        if (e instanceof UnknownHostException || e.getCause() instanceof UnknownHostException) {
            return prefix + "dial tcp: lookup " + url.getHost() + ": no such host";
        }
        String msg = e.getMessage();
        return prefix + (msg == null || msg.isEmpty() ? e.getClass().getSimpleName() : msg);
    }
}
