package ai.gatewayz.obs.logs.server.api;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.TenantLogStorages;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Loki's metadata endpoints: {@code labels}, {@code label/<name>/values} (including
 * {@code __stream_shard__}, which no stream carries: an empty list turns Grafana's shard splitting
 * off), {@code series}, {@code index/stats} and {@code status/buildinfo}. Times default to the last
 * six hours as in Loki; {@code query}/{@code match[]} are stream selectors.
 */
@RestController
public class MetadataController {
    public static final String VERSION = "3.4.2";
    private final TenantLogStorages storages;
    private final Clock clock;

    public MetadataController(TenantLogStorages storages, ObjectProvider<Clock> clock) {
        this.storages = storages;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    private long[] range(String start, String end) {
        long e = LokiTimes.nanos("end", end, clock.millis() * 1_000_000L);
        long s = LokiTimes.nanos("start", start, e - Duration.ofHours(6).toNanos());
        if (e < s) {
            throw QueryErrors.endBeforeStart();
        }
        // Loki's end is inclusive for metadata; the storage's is exclusive.
        return new long[] {s, e == Long.MAX_VALUE ? e : e + 1};
    }

    @RequestMapping(path = {"/loki/api/v1/labels", "/loki/api/v1/label", "/api/prom/label"},
            method = {RequestMethod.GET, RequestMethod.POST})
    public ResponseEntity<String> labels(HttpServletRequest req, @RequestParam(required = false) String start,
            @RequestParam(required = false) String end, @RequestParam(required = false) String query) {
        long[] r = range(start, end);
        List<LabelMatcher> m = Selectors.leading(query);
        try (LogQuerier q = storages.forTenant(Tenants.resolve(req)).querier()) {
            return QueryController.json(LokiJson.strings(q.labelNames(m, r[0], r[1])));
        }
    }

    @RequestMapping(path = {"/loki/api/v1/label/{name}/values", "/api/prom/label/{name}/values"},
            method = {RequestMethod.GET, RequestMethod.POST})
    public ResponseEntity<String> labelValues(HttpServletRequest req, @PathVariable String name,
            @RequestParam(required = false) String start, @RequestParam(required = false) String end,
            @RequestParam(required = false) String query) {
        long[] r = range(start, end);
        List<LabelMatcher> m = Selectors.leading(query);
        try (LogQuerier q = storages.forTenant(Tenants.resolve(req)).querier()) {
            return QueryController.json(LokiJson.strings(q.labelValues(name, m, r[0], r[1])));
        }
    }

    @RequestMapping(path = {"/loki/api/v1/series", "/api/prom/series"}, method = {RequestMethod.GET, RequestMethod.POST})
    public ResponseEntity<String> series(HttpServletRequest req, @RequestParam(required = false) String start,
            @RequestParam(required = false) String end,
            @RequestParam(name = "match[]", required = false) List<String> match) {
        long[] r = range(start, end);
        TreeSet<Labels> out = new TreeSet<>();
        try (LogQuerier q = storages.forTenant(Tenants.resolve(req)).querier()) {
            if (match == null || match.isEmpty()) {
                out.addAll(q.series(List.of(), r[0], r[1]));
            } else {
                for (String sel : match) {
                    out.addAll(q.series(Selectors.leading(sel), r[0], r[1]));
                }
            }
        }
        return QueryController.json(LokiJson.series(List.copyOf(out)));
    }

    @GetMapping("/loki/api/v1/index/stats")
    public ResponseEntity<String> indexStats(HttpServletRequest req, @RequestParam(required = false) String start,
            @RequestParam(required = false) String end, @RequestParam(required = false) String query) {
        long[] r = range(start, end);
        List<LabelMatcher> m = Selectors.leading(query);
        try (LogQuerier q = storages.forTenant(Tenants.resolve(req)).querier()) {
            return QueryController.json(LokiJson.stats(q.stats(m, r[0], r[1])));
        }
    }

    /** Loki's build info (top-level fields, as Loki serves it); the version is the Loki API level we follow. */
    @GetMapping("/loki/api/v1/status/buildinfo")
    public ResponseEntity<String> buildInfo() {
        return QueryController.json("{\"version\":\"" + VERSION + "\",\"revision\":\"gatewayz-log-store\",\"branch\":\"\","
                + "\"buildUser\":\"\",\"buildDate\":\"\",\"goVersion\":\"\"}");
    }
}
