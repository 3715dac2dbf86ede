package ai.gatewayz.obs.logs.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A tiny HTTP client for the tests: raw bodies in, status and text out. */
public final class LokiHttp {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public LokiHttp(String base) {
        this.base = base;
    }

    public LokiHttp(int port) {
        this("http://127.0.0.1:" + port);
    }

    public record Response(int status, String body, String contentType) {
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public Response post(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return send(b.build());
    }

    public Response postJson(String path, String json, String tenant) {
        return post(path, json.getBytes(StandardCharsets.UTF_8),
                tenant == null ? Map.of("Content-Type", "application/json")
                        : Map.of("Content-Type", "application/json", "X-Scope-OrgID", tenant));
    }

    public Response get(String pathAndQuery, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(b::header);
        return send(b.build());
    }

    public Response get(String pathAndQuery) {
        return get(pathAndQuery, Map.of());
    }

    private static Response send(HttpRequest r) {
        try {
            HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
            return new Response(resp.statusCode(), resp.body(), resp.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
