package ai.gatewayz.obs.metrics.scrape;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.model.Values;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.StorageErrors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Scrapes one target: fetch, parse, label, relabel, append, synthetic series, staleness
 * (wire-protocols.md §2). {@link #scrapeOnce()} is one complete scrape; the manager calls it on a
 * timer. Not thread-safe: one loop per target, never run concurrently with itself.
 */
public final class ScrapeLoop {
    private static final System.Logger LOG = System.getLogger(ScrapeLoop.class.getName());
    /** The Accept header Prometheus 2.42 sends. */
    public static final String ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    public static final String USER_AGENT = "Prometheus/2.42.0 metrics-store/0.1";
    static final long DEFAULT_BODY_LIMIT = 64L << 20;

    private final ScrapeTarget target;
    private final Storage storage;
    private final HttpClient http;
    private final Clock clock;
    private Set<Labels> previous = new HashSet<>();
    private final TargetMetadata metadata = new TargetMetadata();
    private volatile TargetStatus status = TargetStatus.INITIAL;
    private boolean warnedContentType;

    public ScrapeLoop(ScrapeTarget target, Storage storage, HttpClient http, Clock clock) {
        this.target = target;
        this.storage = storage;
        this.http = http;
        this.clock = clock;
    }

    public ScrapeTarget target() {
        return target;
    }

    /** The reason the last scrape failed, as Prometheus words it; empty when it succeeded. */
    public String lastError() {
        return status.lastError();
    }

    /** Health, time, duration and error of the last scrape; safe to read from any thread. */
    public TargetStatus status() {
        return status;
    }

    /** Family name → TYPE/HELP/UNIT this target exposed (see {@link TargetMetadata}); any thread. */
    public Map<String, Metadata> metadata() {
        return metadata.snapshot();
    }

    /** One scrape at the clock's current time. Returns true when the target was up. */
    public boolean scrapeOnce() {
        java.time.Instant now = clock.instant();
        long ts = now.toEpochMilli();
        long start = System.nanoTime();
        ExpositionParser.Result parsed;
        try {
            parsed = fetchAndParse();
        } catch (IOException e) {
            fail(now, start, ScrapeErrors.transport(target.url(), e));
            return false;
        } catch (SuiteException e) {
            fail(now, start, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        ScrapeConfig c = target.config();
        Appender app = storage.appender();
        Set<Labels> seen = new HashSet<>();
        int post = 0;
        int added = 0;
        Labels.Builder b = Labels.builder();
        for (ParsedSample s : parsed.samples()) {
            Labels l = Relabeler.apply(withTargetLabels(s.labels(), b), c.metricRelabelConfigs());
            if (l == null || l.isEmpty()) {
                continue;
            }
            post++;
            if (c.sampleLimit() > 0 && post > c.sampleLimit()) {
                app.rollback();
                fail(now, start, ScrapeErrors.sampleLimit());
                return false;
            }
            long t = c.honorTimestamps() && s.hasTimestamp() ? s.timestampMs() : ts;
            try {
                app.append(0, l, t, s.value());
            } catch (StorageErrors.SampleRejected e) {
                continue; // duplicates and out-of-order lines are skipped, like Prometheus
            }
            if (!s.hasTimestamp() || !c.honorTimestamps()) {
                if (seen.add(l) && !previous.contains(l)) {
                    added++;
                }
            }
            if (s.exemplar() != null) {
                Exemplar ex = s.exemplar();
                if (!ex.labels().isEmpty() || ex.value() != 0) {
                    long et = ex.timestampMs() == ParsedSample.NO_TIMESTAMP ? t : ex.timestampMs();
                    try {
                        app.appendExemplar(0, l, new Exemplar(ex.labels(), ex.value(), et));
                    } catch (StorageErrors.SampleRejected ignored) {
                        // exemplars are best effort
                    }
                }
            }
        }
        for (Map.Entry<String, Metadata> md : parsed.metadata().entrySet()) {
            app.updateMetadata(Labels.of(Labels.METRIC_NAME, md.getKey()), md.getValue());
        }
        for (Labels gone : previous) {
            if (!seen.contains(gone)) {
                stale(app, gone, ts);
            }
        }
        double duration = report(app, ts, 1, start, parsed.samples().size(), post, added);
        try {
            app.commit();
        } catch (SuiteException e) {
            // Nothing of the scrape was stored (e.g. the WAL failed): the target counts as down, as in Prometheus.
            status = new TargetStatus(TargetHealth.DOWN, now, duration, e.getMessage());
            return false;
        }
        previous = seen;
        metadata.update(parsed.metadata());
        status = new TargetStatus(TargetHealth.UP, now, duration, "");
        return true;
    }

    private void fail(java.time.Instant now, long start, String why) {
        long ts = now.toEpochMilli();
        LOG.log(System.Logger.Level.DEBUG, "scrape failed [target=" + target.url() + ", reason=" + why + "]");
        Appender app = storage.appender();
        for (Labels gone : previous) {
            stale(app, gone, ts);
        }
        previous = new HashSet<>();
        double duration = report(app, ts, 0, start, 0, 0, 0);
        app.commit();
        status = new TargetStatus(TargetHealth.DOWN, now, duration, why);
    }

    /** Writes stale markers for every series of the last scrape (the target was removed). */
    public void staleAll() {
        Appender app = storage.appender();
        long ts = clock.millis();
        for (Labels gone : previous) {
            stale(app, gone, ts);
        }
        app.commit();
        previous = new HashSet<>();
    }

    private static void stale(Appender app, Labels l, long ts) {
        try {
            app.append(0, l, ts, Values.STALE_NAN);
        } catch (StorageErrors.SampleRejected ignored) {
            // a newer sample exists: nothing to mark
        }
    }

    /** Appends the synthetic series; returns the scrape's duration in seconds. */
    private double report(Appender app, long ts, double up, long startNanos, int scraped, int post, int added) {
        double duration = (System.nanoTime() - startNanos) / 1e9;
        synthetic(app, "up", ts, up);
        synthetic(app, "scrape_duration_seconds", ts, duration);
        synthetic(app, "scrape_samples_scraped", ts, scraped);
        synthetic(app, "scrape_samples_post_metric_relabeling", ts, post);
        synthetic(app, "scrape_series_added", ts, added);
        return duration;
    }

    private void synthetic(Appender app, String name, long ts, double v) {
        try {
            app.append(0, target.labels().toBuilder().set(Labels.METRIC_NAME, name).build(), ts, v);
        } catch (StorageErrors.SampleRejected ignored) {
            // a clock step backwards: skip this report
        }
    }

    /** honor_labels semantics (§2.6). */
    private Labels withTargetLabels(Labels scraped, Labels.Builder b) {
        Labels t = target.labels();
        b.reset();
        scraped.forEach(b::set);
        for (int i = 0; i < t.size(); i++) {
            String n = t.name(i);
            String existing = b.get(n);
            if (target.config().honorLabels()) {
                if (existing.isEmpty()) {
                    b.set(n, t.value(i));
                }
            } else {
                if (!existing.isEmpty()) {
                    String exported = "exported_" + n;
                    while (!b.get(exported).isEmpty()) {
                        exported = "exported_" + exported;
                    }
                    b.set(exported, existing);
                }
                b.set(n, t.value(i));
            }
        }
        return b.build();
    }

    private ExpositionParser.Result fetchAndParse() throws IOException, InterruptedException {
        ScrapeConfig c = target.config();
        HttpRequest.Builder rb = HttpRequest.newBuilder(target.url())
                .timeout(target.timeout())
                .header("Accept", ACCEPT)
                .header("Accept-Encoding", "gzip")
                .header("User-Agent", USER_AGENT)
                .header("X-Prometheus-Scrape-Timeout-Seconds", seconds(target.timeout().toMillis()))
                .GET();
        String bearer = c.bearerToken();
        if (c.bearerTokenFile() != null) {
            bearer = Files.readString(c.bearerTokenFile()).strip();
        }
        if (bearer != null && !bearer.isEmpty()) {
            rb.header("Authorization", "Bearer " + bearer);
        } else if (c.basicAuthUser() != null) {
            String up = c.basicAuthUser() + ":" + (c.basicAuthPassword() == null ? "" : c.basicAuthPassword());
            rb.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(up.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<InputStream> resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        long limit = c.bodySizeLimit() > 0 ? c.bodySizeLimit() : DEFAULT_BODY_LIMIT;
        byte[] body;
        try (InputStream in = resp.body()) {
            if (resp.statusCode() != 200) {
                throw ScrapeErrors.httpStatus(resp.statusCode());
            }
            body = readLimited(in, limit);
        }
        if (resp.headers().firstValue("Content-Encoding").map(v -> v.equalsIgnoreCase("gzip")).orElse(false)) {
            try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = readLimited(gz, limit);
            }
        }
        String ct = resp.headers().firstValue("Content-Type").orElse(null);
        if (ct == null && !warnedContentType) {
            warnedContentType = true;
            LOG.log(System.Logger.Level.WARNING, "target sent no Content-Type, parsing as text 0.0.4 [target=" + target.url() + "]");
        }
        return ExpositionParser.parse(new String(body, StandardCharsets.UTF_8), ExpositionParser.formatFor(ct));
    }

    private static byte[] readLimited(InputStream in, long limit) throws IOException {
        byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (b.length > limit) {
            throw ScrapeErrors.bodyTooLarge(limit);
        }
        return b;
    }

    static String seconds(long ms) {
        if (ms % 1000 == 0) {
            return Long.toString(ms / 1000);
        }
        return java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString();
    }
}
