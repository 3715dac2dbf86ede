package ai.gatewayz.obs.metrics.scrape;

import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.common.Labels;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A target after relabeling: the URL to scrape and the labels every series of it carries
 * ({@code job}, {@code instance}, static labels; no {@code __} labels). Immutable.
 *
 * @param discoveredLabels the labels before relabel_configs ({@code __address__}, {@code __scheme__},
 *     ...), as {@code /api/v1/targets} reports them
 * @param scrapeInterval the {@code __scrape_interval__} label after relabeling (e.g. {@code 15s})
 * @param scrapeTimeout the {@code __scrape_timeout__} label after relabeling
 */
public record ScrapeTarget(ScrapeConfig config, URI url, Labels labels, Labels discoveredLabels,
        String scrapeInterval, String scrapeTimeout) {
    private static final System.Logger LOG = System.getLogger(ScrapeTarget.class.getName());

    /** The targets of one job: those to scrape, and the discovered labels of those relabeling dropped. */
    public record Discovery(List<ScrapeTarget> active, List<Labels> dropped) {
    }

    /** The targets to scrape of a job (see {@link #discover}). */
    public static List<ScrapeTarget> of(ScrapeConfig c) {
        return discover(c).active();
    }

    /**
     * Builds the targets of a job (wire-protocols.md §2.2). Port-less addresses are used as they are
     * (Prometheus 3 behaviour). Targets dropped by relabel_configs are returned apart; a target
     * whose relabeled address is empty is neither (Prometheus logs it and keeps no trace either).
     * Identical targets (same labels and URL) are scraped once, as Prometheus deduplicates them.
     */
    public static Discovery discover(ScrapeConfig c) {
        List<ScrapeTarget> out = new ArrayList<>();
        List<Labels> dropped = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ScrapeConfig.StaticConfig sc : c.staticConfigs()) {
            for (String address : sc.targets()) {
                Labels.Builder b = Labels.builder();
                sc.labels().forEach(b::set);
                b.set("__address__", address);
                // Like Prometheus's PopulateLabels: a static label of the same name wins over a default.
                setIfAbsent(b, "job", c.jobName());
                setIfAbsent(b, "__scrape_interval__", Durations.format(c.scrapeInterval().toMillis()));
                setIfAbsent(b, "__scrape_timeout__", Durations.format(c.scrapeTimeout().toMillis()));
                setIfAbsent(b, "__metrics_path__", c.metricsPath());
                setIfAbsent(b, "__scheme__", c.scheme());
                for (Map.Entry<String, List<String>> p : c.params().entrySet()) {
                    if (!p.getValue().isEmpty()) {
                        b.set("__param_" + p.getKey(), p.getValue().getFirst());
                    }
                }
                Labels discovered = b.build();
                Labels l = Relabeler.apply(discovered, c.relabelConfigs());
                if (l == null) {
                    dropped.add(discovered);
                    continue;
                }
                if (l.get("__address__").isEmpty() || invalidTiming(l) != null) {
                    // Prometheus neither scrapes nor lists such a target; it logs why
                    LOG.log(System.Logger.Level.WARNING, "target skipped [job_name=" + c.jobName() + ", labels=" + l
                            + ", reason=" + (l.get("__address__").isEmpty() ? "no address" : invalidTiming(l)) + "]");
                    continue;
                }
                ScrapeTarget t = build(c, l, discovered);
                if (seen.add(t.labels() + " " + t.url())) {
                    out.add(t);
                }
            }
        }
        return new Discovery(List.copyOf(out), List.copyOf(dropped));
    }

    /** Prometheus's checks of relabeled {@code __scrape_interval__}/{@code __scrape_timeout__}; null when valid. */
    private static String invalidTiming(Labels l) {
        long interval;
        long timeout;
        try {
            interval = Durations.parse(l.get("__scrape_interval__"));
        } catch (RuntimeException e) {
            return "error parsing scrape interval: " + e.getMessage();
        }
        try {
            timeout = Durations.parse(l.get("__scrape_timeout__"));
        } catch (RuntimeException e) {
            return "error parsing scrape timeout: " + e.getMessage();
        }
        if (interval <= 0) {
            return "scrape interval cannot be 0";
        }
        if (timeout <= 0) {
            return "scrape timeout cannot be 0";
        }
        if (timeout > interval) {
            return "scrape timeout cannot be greater than scrape interval (\"" + l.get("__scrape_timeout__") + "\" > \""
                    + l.get("__scrape_interval__") + "\")";
        }
        return null;
    }

    /** The interval this target is scraped at: {@code __scrape_interval__} after relabeling, as in Prometheus. */
    public java.time.Duration interval() {
        return java.time.Duration.ofMillis(Durations.parse(scrapeInterval));
    }

    /** The timeout of this target's scrapes: {@code __scrape_timeout__} after relabeling. */
    public java.time.Duration timeout() {
        return java.time.Duration.ofMillis(Durations.parse(scrapeTimeout));
    }

    private static void setIfAbsent(Labels.Builder b, String name, String value) {
        if (b.get(name).isEmpty()) {
            b.set(name, value);
        }
    }

    private static ScrapeTarget build(ScrapeConfig c, Labels l, Labels discovered) {
        StringBuilder url = new StringBuilder();
        url.append(l.get("__scheme__")).append("://").append(l.get("__address__"));
        String path = l.get("__metrics_path__");
        url.append(path.startsWith("/") ? path : "/" + path);
        char sep = '?';
        for (Map.Entry<String, List<String>> p : c.params().entrySet()) {
            String override = l.get("__param_" + p.getKey());
            List<String> values = override.isEmpty() ? p.getValue() : List.of(override);
            for (String v : values) {
                url.append(sep).append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        Labels.Builder out = Labels.builder();
        for (int i = 0; i < l.size(); i++) {
            if (!l.name(i).startsWith("__")) {
                out.set(l.name(i), l.value(i));
            }
        }
        if (out.get("instance").isEmpty()) {
            out.set("instance", l.get("__address__"));
        }
        return new ScrapeTarget(c, URI.create(url.toString()), out.build(), discovered,
                l.get("__scrape_interval__"), l.get("__scrape_timeout__"));
    }
}
