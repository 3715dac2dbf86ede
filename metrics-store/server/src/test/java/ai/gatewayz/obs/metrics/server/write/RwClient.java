package ai.gatewayz.obs.metrics.server.write;

import ai.gatewayz.obs.proto.prometheus.RemoteWriteV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.xerial.snappy.Snappy;

/** A small HTTP client for remote-write tests: builds requests and reads back raw samples. */
public final class RwClient {
    public static final String V1 = "application/x-protobuf";
    public static final String V2 = "application/x-protobuf;proto=io.prometheus.write.v2.Request";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public RwClient(String base) {
        this.base = base;
    }

    public static byte[] snappy(byte[] raw) {
        try {
            return Snappy.compress(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RemoteWriteV1.TimeSeries.Builder series(String... labels) {
        RemoteWriteV1.TimeSeries.Builder b = RemoteWriteV1.TimeSeries.newBuilder();
        for (int i = 0; i < labels.length; i += 2) {
            b.addLabels(RemoteWriteV1.Label.newBuilder().setName(labels[i]).setValue(labels[i + 1]));
        }
        return b;
    }

    public static RemoteWriteV1.Sample sample(long t, double v) {
        return RemoteWriteV1.Sample.newBuilder().setTimestamp(t).setValue(v).build();
    }

    public HttpResponse<String> post(String path, String contentType, String encoding, String tenant, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (encoding != null) {
            b.header("Content-Encoding", encoding);
        }
        if (tenant != null) {
            b.header("X-Scope-OrgID", tenant);
        }
        b.header("X-Prometheus-Remote-Write-Version", "0.1.0");
        return send(b.build());
    }

    public HttpResponse<String> write(String tenant, RemoteWriteV1.WriteRequest req) {
        return post("/api/v1/write", V1, "snappy", tenant, snappy(req.toByteArray()));
    }

    public HttpResponse<String> get(String pathAndQuery, String tenant) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30)).GET();
        if (tenant != null) {
            b.header("X-Scope-OrgID", tenant);
        }
        return send(b.build());
    }

    /** The raw-read JSON for one selector. */
    public String readRaw(String tenant, String selector) {
        HttpResponse<String> r = get("/api/v1/read_raw?match%5B%5D=" + URLEncoder.encode(selector, StandardCharsets.UTF_8), tenant);
        if (r.statusCode() != 200) {
            throw new AssertionError("read_raw answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private HttpResponse<String> send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
