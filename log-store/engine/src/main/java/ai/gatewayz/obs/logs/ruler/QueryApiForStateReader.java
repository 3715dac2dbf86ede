package ai.gatewayz.obs.logs.ruler;

import ai.gatewayz.obs.common.GoStrings;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.rules.AlertingRule;
import ai.gatewayz.obs.rules.ForStateReader;
import ai.gatewayz.obs.rules.VectorSample;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads {@code ALERTS_FOR_STATE} back from the store the ruler remote-writes to (metrics-store, or
 * any Prometheus-compatible one), through its query API: an instant query of the series' range
 * selector over {@code (mint, maxt]} at {@code maxt}, with the tenant's {@code X-Scope-OrgID} and the
 * destination's headers. The series looked for is the alert's as remote-written, i.e. with the
 * external labels it lacked; of the answer only that exact series counts, and its newest sample
 * (the query API leaves staleness markers out). Thread-safe (the JDK client is).
 */
public final class QueryApiForStateReader implements ForStateReader {
    private static final JsonFactory JSON = new JsonFactory();

    private final URI queryUrl;
    private final Map<String, String> headers;
    private final Labels externalLabels;
    private final Duration timeout;
    private final HttpClient http;

    /** {@code baseUrl}: the store's root, {@code <baseUrl>/api/v1/query} is asked. */
    public QueryApiForStateReader(URI baseUrl, Map<String, String> headers, Labels externalLabels, Duration timeout) {
        String b = baseUrl.toString().replaceAll("/+$", "");
        this.queryUrl = URI.create(b + "/api/v1/query");
        this.headers = Map.copyOf(headers);
        this.externalLabels = externalLabels;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The store's root for a remote-write URL ({@code .../api/v1/write} or {@code .../api/v1/push} cut off). */
    public static URI baseOf(URI writeUrl) {
        String s = writeUrl.toString().replaceAll("/+$", "");
        for (String suffix : new String[] {"/api/v1/write", "/api/v1/push", "/api/prom/push"}) {
            if (s.endsWith(suffix)) {
                return URI.create(s.substring(0, s.length() - suffix.length()));
            }
        }
        return URI.create(s);
    }

    @Override
    public Optional<VectorSample> lastSample(Labels series, long mintMs, long maxtMs) {
        Labels want = withExternalLabels(series);
        String query = selector(want) + "[" + Math.max(1, maxtMs - mintMs) + "ms]";
        URI uri = URI.create(queryUrl + "?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&time="
                + maxtMs / 1000 + "." + String.format("%03d", Math.floorMod(maxtMs, 1000)));
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        headers.forEach(rb::setHeader);
        HttpResponse<byte[]> r;
        try {
            r = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw RulerErrors.forStateQueryFailed(queryUrl.toString(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RulerErrors.forStateQueryFailed(queryUrl.toString(), "interrupted");
        }
        if (r.statusCode() != 200) {
            String body = new String(r.body(), StandardCharsets.UTF_8).strip();
            throw RulerErrors.forStateQueryFailed(queryUrl.toString(), "status " + r.statusCode() + ": "
                    + (body.length() > 200 ? body.substring(0, 200) : body));
        }
        try {
            return newest(r.body(), want);
        } catch (JacksonException | IllegalArgumentException e) {
            throw RulerErrors.forStateQueryFailed(queryUrl.toString(), "unreadable answer: " + e.getMessage());
        }
    }

    /** The series as the remote-write client sent it: external labels set where absent or empty. */
    private Labels withExternalLabels(Labels series) {
        if (externalLabels.isEmpty()) {
            return series;
        }
        Labels.Builder b = series.toBuilder();
        externalLabels.forEach((n, v) -> {
            String cur = series.get(n);
            if (cur == null || cur.isEmpty()) {
                b.set(n, v);
            }
        });
        return b.build();
    }

    static String selector(Labels l) {
        StringBuilder sb = new StringBuilder(AlertingRule.ALERTS_FOR_STATE).append('{');
        boolean first = true;
        for (int i = 0; i < l.size(); i++) {
            if (l.name(i).equals(Labels.METRIC_NAME)) {
                continue;
            }
            sb.append(first ? "" : ",").append(l.name(i)).append('=').append(GoStrings.quote(l.value(i)));
            first = false;
        }
        return sb.append('}').toString();
    }

    /** The newest sample of exactly {@code want} in a matrix answer. */
    private static Optional<VectorSample> newest(byte[] body, Labels want) {
        Optional<VectorSample> best = Optional.empty();
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (!seek(p, "data") || !seek(p, "result") || p.currentToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("no data.result array");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                Labels metric = Labels.EMPTY;
                long t = Long.MIN_VALUE;
                double v = Double.NaN;
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    if (field.equals("metric")) {
                        Labels.Builder b = Labels.builder();
                        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                            String n = p.currentName();
                            p.nextToken();
                            b.set(n, p.getString());
                        }
                        metric = b.build();
                    } else if (field.equals("values")) {
                        while (p.nextToken() == JsonToken.START_ARRAY) {
                            p.nextToken();
                            double ts = p.getDoubleValue();
                            p.nextToken();
                            String value = p.getString();
                            p.nextToken(); // END_ARRAY
                            long ms = Math.round(ts * 1000);
                            if (ms >= t) {
                                t = ms;
                                v = Double.parseDouble(value);
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                if (metric.equals(want) && t != Long.MIN_VALUE) {
                    best = Optional.of(new VectorSample(want, t, v));
                }
            }
        }
        return best;
    }

    /** Advances into the object to the value of {@code field} (skipping others); false when absent. */
    private static boolean seek(JsonParser p, String field) {
        if (p.currentToken() == null) {
            p.nextToken();
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return false;
        }
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String n = p.currentName();
            p.nextToken();
            if (n.equals(field)) {
                return true;
            }
            p.skipChildren();
        }
        return false;
    }
}
