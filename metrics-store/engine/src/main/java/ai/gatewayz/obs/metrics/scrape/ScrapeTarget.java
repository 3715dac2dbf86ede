package ai.gatewayz.obs.metrics.scrape;

import ai.gatewayz.obs.common.Labels;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A target after relabeling: the URL to scrape and the labels every series of it carries
 * ({@code job}, {@code instance}, static labels; no {@code __} labels). Immutable.
 */
public record ScrapeTarget(ScrapeConfig config, URI url, Labels labels) {

    /**
     * Builds the targets of a job (wire-protocols.md §2.2). Port-less addresses are used as they are
     * (Prometheus 3 behaviour). Targets dropped by relabel_configs are left out.
     */
    public static List<ScrapeTarget> of(ScrapeConfig c) {
        List<ScrapeTarget> out = new ArrayList<>();
        for (ScrapeConfig.StaticConfig sc : c.staticConfigs()) {
            for (String address : sc.targets()) {
                Labels.Builder b = Labels.builder();
                b.set("__address__", address);
                b.set("__scheme__", c.scheme());
                b.set("__metrics_path__", c.metricsPath());
                b.set("__scrape_interval__", ai.gatewayz.obs.common.Durations.format(c.scrapeInterval().toMillis()));
                b.set("__scrape_timeout__", ai.gatewayz.obs.common.Durations.format(c.scrapeTimeout().toMillis()));
                for (Map.Entry<String, List<String>> p : c.params().entrySet()) {
                    if (!p.getValue().isEmpty()) {
                        b.set("__param_" + p.getKey(), p.getValue().getFirst());
                    }
                }
                sc.labels().forEach(b::set);
                b.set("job", c.jobName());
                Labels l = Relabeler.apply(b.build(), c.relabelConfigs());
                if (l == null || l.get("__address__").isEmpty()) {
                    continue;
                }
                out.add(build(c, l));
            }
        }
        return out;
    }

    private static ScrapeTarget build(ScrapeConfig c, Labels l) {
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
        return new ScrapeTarget(c, URI.create(url.toString()), out.build());
    }
}
