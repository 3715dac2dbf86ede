package ai.gatewayz.obs.metrics.server.api;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.promql.parser.ParseException;
import ai.gatewayz.obs.metrics.promql.parser.Parser;
import ai.gatewayz.obs.metrics.scrape.ScrapeLoop;
import ai.gatewayz.obs.metrics.scrape.ScrapePool;
import ai.gatewayz.obs.metrics.scrape.ScrapeTargets;
import ai.gatewayz.obs.metrics.scrape.TargetStatus;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/targets}, {@code /api/v1/targets/metadata} and {@code /api/v1/scrape_pools} as
 * Prometheus 2.42 answers them (docs/metrics-store-query.md has the recorded shapes). Scraping
 * writes into the default tenant only, so these answer the same for every tenant. GET only, as in
 * Prometheus.
 */
@RestController
public class TargetsApiController {
    private final ObjectProvider<ScrapeTargets> targets;

    public TargetsApiController(ObjectProvider<ScrapeTargets> targets) {
        this.targets = targets;
    }

    private ScrapeTargets targets() {
        return targets.getIfAvailable(() -> ScrapeTargets.NONE);
    }

    private static ResponseEntity<String> json(String body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /**
     * {@code state} is active, dropped or any (case-insensitive, empty = any); any other value
     * selects neither list, which Prometheus 2.42 answers with two empty lists rather than an error.
     */
    @RequestMapping(path = {"/api/v1/targets", "/prometheus/api/v1/targets"}, method = RequestMethod.GET)
    public ResponseEntity<String> targets(HttpServletRequest req) {
        String pool = param(req, "scrapePool");
        String state = param(req, "state").toLowerCase(Locale.ROOT);
        boolean showActive = state.isEmpty() || state.equals("any") || state.equals("active");
        boolean showDropped = state.isEmpty() || state.equals("any") || state.equals("dropped");
        ScrapeTargets st = targets();
        List<ScrapePool> pools = st.pools();
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"activeTargets\":[");
        boolean first = true;
        if (showActive) {
            for (ScrapePool p : pools) {
                if (!pool.isEmpty() && !pool.equals(p.name())) {
                    continue;
                }
                for (ScrapeLoop l : p.active()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    activeTarget(sb, st, p.name(), l);
                }
            }
        }
        sb.append("],\"droppedTargets\":[");
        first = true;
        if (showDropped) {
            for (ScrapePool p : pools) {
                if (!pool.isEmpty() && !pool.equals(p.name())) {
                    continue;
                }
                for (Labels d : p.dropped()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    sb.append("{\"discoveredLabels\":");
                    ApiJson.labels(sb, d);
                    sb.append('}');
                }
            }
        }
        sb.append("]}");
        return json(ApiJson.success(sb.toString(), null, null));
    }

    private static void activeTarget(StringBuilder sb, ScrapeTargets st, String pool, ScrapeLoop l) {
        TargetStatus s = l.status();
        sb.append("{\"discoveredLabels\":");
        ApiJson.labels(sb, l.target().discoveredLabels());
        sb.append(",\"labels\":");
        ApiJson.labels(sb, l.target().labels());
        sb.append(",\"scrapePool\":");
        ApiJson.string(sb, pool);
        sb.append(",\"scrapeUrl\":");
        ApiJson.string(sb, l.target().url().toString());
        sb.append(",\"globalUrl\":");
        ApiJson.string(sb, st.globalUrl(l.target().url()).toString());
        sb.append(",\"lastError\":");
        ApiJson.string(sb, s.lastError());
        sb.append(",\"lastScrape\":\"");
        ApiJson.goTime(sb, s.lastScrape());
        sb.append("\",\"lastScrapeDuration\":").append(ApiJson.value(s.lastScrapeDurationSeconds()));
        sb.append(",\"health\":\"").append(s.health().wireName());
        sb.append("\",\"scrapeInterval\":");
        ApiJson.string(sb, l.target().scrapeInterval());
        sb.append(",\"scrapeTimeout\":");
        ApiJson.string(sb, l.target().scrapeTimeout());
        sb.append('}');
    }

    /**
     * Metadata per target. As in Prometheus, {@code limit} is checked before each target, so a
     * target's whole list is added even when it passes the limit; a negative limit is no limit.
     * With {@code metric} the entries leave out the metric name.
     */
    @RequestMapping(path = {"/api/v1/targets/metadata", "/prometheus/api/v1/targets/metadata"}, method = RequestMethod.GET)
    public ResponseEntity<String> targetMetadata(HttpServletRequest req) {
        int limit = -1;
        String rawLimit = param(req, "limit");
        if (!rawLimit.isEmpty()) {
            limit = goAtoi(rawLimit);
        }
        String matchTarget = param(req, "match_target");
        List<LabelMatcher> matchers = List.of();
        if (!matchTarget.isEmpty()) {
            try {
                matchers = Parser.parseMetricSelector(matchTarget);
            } catch (ParseException e) {
                throw ApiErrors.invalidParam("match_target", e.getMessage());
            }
        }
        String metric = param(req, "metric");
        StringBuilder sb = new StringBuilder(256).append('[');
        int n = 0;
        for (ScrapePool p : targets().pools()) {
            for (ScrapeLoop l : p.active()) {
                if (limit >= 0 && n >= limit) {
                    break;
                }
                Labels t = l.target().labels();
                if (!matches(t, matchers)) {
                    continue;
                }
                Map<String, Metadata> md = l.metadata();
                if (metric.isEmpty()) {
                    for (Map.Entry<String, Metadata> e : md.entrySet()) {
                        n = entry(sb, n, t, e.getKey(), e.getValue());
                    }
                } else if (md.containsKey(metric)) {
                    n = entry(sb, n, t, null, md.get(metric));
                }
            }
        }
        sb.append(']');
        return json(ApiJson.success(sb.toString(), null, null));
    }

    private static int entry(StringBuilder sb, int n, Labels target, String metric, Metadata m) {
        if (n > 0) {
            sb.append(',');
        }
        sb.append("{\"target\":");
        ApiJson.labels(sb, target);
        if (metric != null) {
            sb.append(",\"metric\":");
            ApiJson.string(sb, metric);
        }
        sb.append(",\"type\":");
        ApiJson.string(sb, m.type().wireName());
        sb.append(",\"help\":");
        ApiJson.string(sb, m.help());
        sb.append(",\"unit\":");
        ApiJson.string(sb, m.unit());
        sb.append('}');
        return n + 1;
    }

    private static boolean matches(Labels l, List<LabelMatcher> matchers) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(l.get(m.name()))) {
                return false;
            }
        }
        return true;
    }

    /** The scrape pool names, sorted. */
    @RequestMapping(path = {"/api/v1/scrape_pools", "/prometheus/api/v1/scrape_pools"}, method = RequestMethod.GET)
    public ResponseEntity<String> scrapePools() {
        StringBuilder sb = new StringBuilder("{\"scrapePools\":");
        ApiJson.stringList(sb, targets().pools().stream().map(ScrapePool::name).toList());
        sb.append('}');
        return json(ApiJson.success(sb.toString(), null, null));
    }

    /** Go's {@code strconv.Atoi} on 64 bits: optional sign and ASCII digits; clamped to int (no target list is longer). */
    private static int goAtoi(String s) {
        if (!s.matches("[+-]?[0-9]+")) {
            throw ApiErrors.limitNotNumber();
        }
        try {
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Long.parseLong(s)));
        } catch (NumberFormatException e) {
            throw ApiErrors.limitNotNumber();
        }
    }

    private static String param(HttpServletRequest req, String name) {
        String v = req.getParameter(name);
        return v == null ? "" : v;
    }
}
