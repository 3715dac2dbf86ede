package ai.gatewayz.obs.remotewrite;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * POSTs one compressed body to the receiver with the headers of wire-protocols.md §1.1
 * ({@code Content-Encoding: snappy}, {@code Content-Type} per protocol,
 * {@code X-Prometheus-Remote-Write-Version}, {@code User-Agent}) plus the configured ones. Thread-safe
 * (the JDK client is); shared by the shards of one client.
 */
final class HttpTransport {
    static final String USER_AGENT = "gatewayz-remote-write/0.1";
    private final HttpClient http;
    private final RemoteWriteOptions options;

    /** What the receiver answered: the status, {@code Retry-After} in ms (-1 absent), whether 2.0 counts came back, the body. */
    record Response(int status, long retryAfterMs, boolean writtenHeaders, String body) {
    }

    HttpTransport(RemoteWriteOptions options) {
        this.options = options;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(Math.min(options.timeoutMs(), 10_000))).build();
    }

    Response post(byte[] body, int len, long nowMs) throws IOException, InterruptedException {
        boolean v2 = options.protocol() == RemoteWriteOptions.Protocol.V2;
        HttpRequest.Builder b = HttpRequest.newBuilder(options.url())
                .timeout(Duration.ofMillis(options.timeoutMs()))
                .header("Content-Encoding", "snappy")
                .header("Content-Type", v2 ? "application/x-protobuf;proto=io.prometheus.write.v2.Request"
                        : "application/x-protobuf")
                .header("X-Prometheus-Remote-Write-Version", v2 ? "2.0.0" : "0.1.0")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body, 0, len));
        for (Map.Entry<String, String> h : options.headers().entrySet()) {
            b.setHeader(h.getKey(), h.getValue());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        long retryAfter = r.headers().firstValue("Retry-After").map(v -> retryAfterMs(v, nowMs)).orElse(-1L);
        boolean counts = r.headers().firstValue("X-Prometheus-Remote-Write-Samples-Written").isPresent();
        return new Response(r.statusCode(), retryAfter, counts, r.body());
    }

    /** {@code Retry-After} as delay-seconds or an HTTP-date; -1 when unreadable. */
    static long retryAfterMs(String v, long nowMs) {
        String s = v.strip();
        try {
            return Math.max(0, Long.parseLong(s) * 1000);
        } catch (NumberFormatException e) {
            try {
                return Math.max(0, ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli() - nowMs);
            } catch (DateTimeParseException e2) {
                return -1;
            }
        }
    }

    void close() {
        http.close();
    }
}
