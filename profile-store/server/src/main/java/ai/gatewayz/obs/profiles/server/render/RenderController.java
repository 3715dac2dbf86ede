package ai.gatewayz.obs.profiles.server.render;

import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.common.JsonStrings;
import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.profiles.query.FlameGraph;
import ai.gatewayz.obs.profiles.query.ProfileQueries;
import ai.gatewayz.obs.profiles.query.Selectors;
import ai.gatewayz.obs.profiles.query.StackTree;
import ai.gatewayz.obs.profiles.storage.ProfileQuerier;
import ai.gatewayz.obs.profiles.storage.ProfileStorage;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pyroscope's legacy HTTP query endpoints that Grafana's Profiles Drilldown still calls
 * (drilldown-apps.md §3): {@code /pyroscope/render} (flamebearer JSON), {@code render-diff} (the
 * diff view) and {@code label-values}. Times are ms (digit-count rule) or {@code now-1h} forms;
 * the default range is the last hour.
 */
@RestController
public class RenderController {
    private static final long DEFAULT_MAX_NODES = 8192;
    private final ProfileStorage storage;
    private final Clock clock;

    public RenderController(ProfileStorage storage, Clock profileClock) {
        this.storage = storage;
        this.clock = profileClock;
    }

    private static long maxNodes(String v) {
        if (v == null || v.isBlank()) {
            return DEFAULT_MAX_NODES;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw CommonErrors.invalidParameter("max-nodes", v, "must not be negative");
            }
            return n == 0 ? DEFAULT_MAX_NODES : n;
        } catch (NumberFormatException e) {
            throw CommonErrors.invalidParameter("max-nodes", v, "not an integer");
        }
    }

    private static ResponseEntity<String> json(String body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @GetMapping("/pyroscope/render")
    public ResponseEntity<String> render(@RequestParam(required = false) String query, @RequestParam(required = false) String from,
                                         @RequestParam(required = false) String until,
                                         @RequestParam(required = false) String format,
                                         @RequestParam(name = "max-nodes", required = false) String maxNodes,
                                         HttpServletRequest request) {
        if (format != null && !format.isBlank() && !format.equals("json")) {
            throw CommonErrors.notImplemented("GET", "/pyroscope/render?format=" + format);
        }
        ProfileQuerier q = storage.querier(Tenants.resolve(request));
        LegacyQuery lq = LegacyQuery.parse(query);
        long now = clock.millis();
        long end = LegacyQuery.timeMs("until", until, now, now);
        long start = LegacyQuery.timeMs("from", from, now, end - Duration.ofHours(1).toMillis());
        FlameGraph g = ProfileQueries.mergeStacktraces(q, lq.matchers(), start, end, maxNodes(maxNodes), null, null);
        return json(Flamebearer.json(lq.type(), g.names(), g.levels(), g.total(), g.maxSelf(), false, 0, 0));
    }

    @GetMapping("/pyroscope/render-diff")
    public ResponseEntity<String> renderDiff(@RequestParam(required = false) String leftQuery,
                                             @RequestParam(required = false) String leftFrom,
                                             @RequestParam(required = false) String leftUntil,
                                             @RequestParam(required = false) String rightQuery,
                                             @RequestParam(required = false) String rightFrom,
                                             @RequestParam(required = false) String rightUntil,
                                             @RequestParam(name = "max-nodes", required = false) String maxNodes,
                                             HttpServletRequest request) {
        ProfileQuerier q = storage.querier(Tenants.resolve(request));
        if (leftQuery == null || leftQuery.isBlank()) {
            throw CommonErrors.missingParameter("leftQuery");
        }
        if (rightQuery == null || rightQuery.isBlank()) {
            throw CommonErrors.missingParameter("rightQuery");
        }
        LegacyQuery l = LegacyQuery.parse(leftQuery);
        LegacyQuery r = LegacyQuery.parse(rightQuery);
        long now = clock.millis();
        long hour = Duration.ofHours(1).toMillis();
        long le = LegacyQuery.timeMs("leftUntil", leftUntil, now, now);
        long ls = LegacyQuery.timeMs("leftFrom", leftFrom, now, le - hour);
        long re = LegacyQuery.timeMs("rightUntil", rightUntil, now, now);
        long rs = LegacyQuery.timeMs("rightFrom", rightFrom, now, re - hour);
        StackTree.Diff d = ProfileQueries.diff(q, l.matchers(), ls, le, r.matchers(), rs, re, maxNodes(maxNodes));
        return json(Flamebearer.json(l.type(), d.names(), d.levels(), d.leftTicks() + d.rightTicks(), d.maxSelf(), true,
                d.leftTicks(), d.rightTicks()));
    }

    @GetMapping("/pyroscope/label-values")
    public ResponseEntity<String> labelValues(@RequestParam(required = false) String label,
                                              @RequestParam(required = false) String query,
                                              @RequestParam(required = false) String from,
                                              @RequestParam(required = false) String until, HttpServletRequest request) {
        if (label == null || label.isBlank()) {
            throw CommonErrors.missingParameter("label");
        }
        ProfileQuerier q = storage.querier(Tenants.resolve(request));
        long now = clock.millis();
        long end = LegacyQuery.timeMs("until", until, now, now);
        long start = LegacyQuery.timeMs("from", from, now, end - Duration.ofHours(1).toMillis());
        List<String> values = q.labelValues(label, Selectors.parse(query == null ? "" : query), start, end);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            JsonStrings.appendGo(sb, values.get(i));
        }
        return json(sb.append(']').toString());
    }
}
