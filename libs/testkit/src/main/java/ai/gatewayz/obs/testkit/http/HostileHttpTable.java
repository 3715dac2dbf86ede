package ai.gatewayz.obs.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The table of hostile HTTP requests every suite service must answer with the JSON error envelope
 * and a documented 4xx, without logging above WARN or printing a stack trace. A service binds it by
 * naming one endpoint that reads a query parameter and one that takes a body, then adds its own
 * cases; the requests go over raw sockets so that nothing is normalised on the way.
 *
 * <p>Not thread-safe; build one per test.
 */
public final class HostileHttpTable {
    /** The edge's header buffer (suite.http.max-header-size default) and body ceiling. */
    public static final int HEADER_LIMIT = 64 * 1024;
    private static final Pattern LOUD = Pattern.compile("(?m)(^|\\s)(ERROR|FATAL)\\s|^\\s+at [\\w$.]+\\(|^Caused by: ");

    /** One hostile request, its expected status and errorType, and optionally its exact message. */
    public record Case(String name, byte[] request, int status, String errorType, String message) {
    }

    private final int port;
    private final Supplier<String> log;
    private final List<Case> cases = new ArrayList<>();
    private String auth;

    private HostileHttpTable(int port, Supplier<String> log) {
        this.port = port;
        this.log = log;
    }

    /** {@code log} returns everything the service has logged so far (e.g. Spring's CapturedOutput). */
    public static HostileHttpTable against(int port, Supplier<String> log) {
        return new HostileHttpTable(port, log).generic();
    }

    /** Sends this Authorization header value with every request built afterwards. */
    public HostileHttpTable auth(String authorization) {
        this.auth = authorization;
        return this;
    }

    private HostileHttpTable generic() {
        add("request line over the header buffer", get("/?q=" + "x".repeat(HEADER_LIMIT + 1024), ""),
                414, "uri_too_long",
                "request line too long, send long queries as a POST form body [max=" + HEADER_LIMIT + "]");
        add("one header over the header buffer", get("/-/healthy", "X-Big: " + "y".repeat(HEADER_LIMIT + 1024) + "\r\n"),
                431, "request_header_fields_too_large", "request header fields too large [max=" + HEADER_LIMIT + "]");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 80; i++) {
            many.append("X-H").append(i).append(": ").append("z".repeat(1000)).append("\r\n");
        }
        add("many headers over the header buffer", get("/-/healthy", many.toString()),
                431, "request_header_fields_too_large", "request header fields too large [max=" + HEADER_LIMIT + "]");
        add("NUL escape in the path", get("/api/v1/label/%00/values", ""), 400, "bad_data", null);
        add("invalid percent escape in the path", get("/api/%zz/x", ""), 400, "bad_data", null);
        add("truncated percent escape in the path", get("/api/v1/x%4", ""), 400, "bad_data", null);
        add("raw control character in the target", raw("GET /a\u0001b HTTP/1.1\r\nHost: x\r\n" + authLine() + "Connection: close\r\n\r\n"),
                400, "bad_data", null);
        add("invalid character in the method", raw("G(T / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400, "bad_data", null);
        add("header name with a space", get("/-/healthy", "Bad Name: v\r\n"), 400, "bad_data", null);
        add("TRACE is refused", raw("TRACE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 405, "method_not_allowed", null);
        return this;
    }

    /** Cases for an endpoint that reads query parameter {@code param} (GET) and accepts it as a form (POST). */
    public HostileHttpTable queryEndpoint(String path, String param) {
        add("invalid percent escape in a query parameter", get(path + "?" + param + "=%zz", ""), 400, "bad_data", null);
        add("truncated percent escape in a query parameter", get(path + "?" + param + "=ab%2", ""), 400, "bad_data", null);
        add("unknown method on " + path, raw("BREW " + path + " HTTP/1.1\r\nHost: x\r\n" + authLine() + "Connection: close\r\n\r\n"),
                405, "method_not_allowed", "method not allowed [method=BREW, path=" + path + "]");
        add("DELETE on " + path, raw("DELETE " + path + " HTTP/1.1\r\nHost: x\r\n" + authLine() + "Connection: close\r\n\r\n"),
                405, "method_not_allowed", "method not allowed [method=DELETE, path=" + path + "]");
        return this;
    }

    /** An unknown content type on a body endpoint gets {@code status} with {@code errorType} (415 where the endpoint checks). */
    public HostileHttpTable contentType(String path, int status, String errorType) {
        add("unsupported content type on " + path,
                post(path, "Content-Type: application/x-gatewayz-unknown\r\nContent-Length: 2\r\n", "{}"),
                status, errorType, null);
        return this;
    }

    /** A declared body over {@code maxBody} is 413 before any byte of it is read. */
    public HostileHttpTable bodyLimit(String path, long maxBody) {
        add("declared body over the limit on " + path,
                post(path, "Content-Type: application/json\r\nContent-Length: " + (maxBody + 1) + "\r\n", ""),
                413, "payload_too_large", null);
        return this;
    }

    /** A service-specific case. */
    public HostileHttpTable add(String name, byte[] request, int status, String errorType, String message) {
        cases.add(new Case(name, request, status, errorType, message));
        return this;
    }

    public byte[] get(String target, String extraHeaders) {
        return raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + authLine() + extraHeaders + "Connection: close\r\n\r\n");
    }

    public byte[] post(String target, String headers, String body) {
        return raw("POST " + target + " HTTP/1.1\r\nHost: localhost\r\n" + authLine() + headers + "Connection: close\r\n\r\n" + body);
    }

    public static byte[] raw(String request) {
        return request.getBytes(StandardCharsets.ISO_8859_1);
    }

    private String authLine() {
        return auth == null ? "" : "Authorization: " + auth + "\r\n";
    }

    public List<Case> cases() {
        return List.copyOf(cases);
    }

    /**
     * One dynamic test per case, named after it, then one over the whole log: the container may log
     * after it has written a response, so a per-case look alone could miss a late line.
     */
    public Stream<DynamicTest> tests() {
        int start = log.get().length();
        return Stream.concat(cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c))),
                Stream.of(DynamicTest.dynamicTest("nothing logged above WARN, no stack trace", () -> quiet(start))));
    }

    private void quiet(int start) {
        String logged = log.get().substring(start);
        assertThat(LOUD.matcher(logged).find()).as("log during the table:%n%s", logged).isFalse();
    }

    private void check(Case c) throws Exception {
        int before = log.get().length();
        RawHttp.Response r = RawHttp.exchange(port, c.request());
        assertThat(r.status()).as("status of %s: %s", c.name(), r.body()).isEqualTo(c.status());
        assertThat(r.header("content-type")).as("content type of %s", c.name()).startsWith("application/json");
        assertThat(r.body()).as("body of %s", c.name())
                .startsWith("{\"status\":\"error\",\"errorType\":\"" + c.errorType() + "\",\"error\":\"")
                .doesNotContain("<html", "\\tat ", "Exception:");
        if (c.message() != null) {
            assertThat(r.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"" + c.errorType() + "\",\"error\":\""
                    + c.message().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
        }
        String logged = log.get().substring(before);
        assertThat(LOUD.matcher(logged).find()).as("log after %s:%n%s", c.name(), logged).isFalse();
    }
}
