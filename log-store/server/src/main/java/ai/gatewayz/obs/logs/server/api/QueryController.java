package ai.gatewayz.obs.logs.server.api;

import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.logs.logql.LogqlRequest;
import ai.gatewayz.obs.logs.logql.LogqlResult;
import ai.gatewayz.obs.logs.storage.Direction;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Loki's LogQL endpoints {@code /loki/api/v1/query}, {@code /query_range} (GET and form POST) and
 * {@code /format_query}. Parameters and defaults as Loki: {@code limit} 100, {@code direction}
 * backward, a range query's {@code start} one hour before {@code end} (now) and its default step
 * {@code max(1s, range/250)}; the {@code categorize-labels} encoding flag header is honoured on
 * stream results only (grafana-datasources.md §2.3).
 */
@RestController
@EnableConfigurationProperties(QueryLimitsProperties.class)
public class QueryController {
    static final String ENCODING_FLAGS = "X-Loki-Response-Encoding-Flags";
    private static final long MAX_POINTS = 11_000;

    private final QueryRunner runner;
    private final QueryLimitsProperties limits;
    private final Clock clock;

    public QueryController(QueryRunner runner, QueryLimitsProperties limits, ObjectProvider<Clock> clock) {
        this.runner = runner;
        this.limits = limits;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @RequestMapping(path = {"/loki/api/v1/query", "/api/prom/query"}, method = {RequestMethod.GET, RequestMethod.POST})
    public ResponseEntity<String> query(HttpServletRequest req, @RequestParam(required = false) String query,
            @RequestParam(required = false) String time, @RequestParam(required = false) String limit,
            @RequestParam(required = false) String direction) {
        String tenant = Tenants.resolve(req);
        QueryLimitsProperties.Limits l = limits.forTenant(tenant);
        String q = requireQuery(query);
        long t = LokiTimes.nanos("time", time, nowNanos());
        LogqlRequest r = new LogqlRequest(q, t, t, 0, direction(direction), limit(limit, l));
        return answer(runner.run(tenant, r), req);
    }

    @RequestMapping(path = "/loki/api/v1/query_range", method = {RequestMethod.GET, RequestMethod.POST})
    public ResponseEntity<String> queryRange(HttpServletRequest req, @RequestParam(required = false) String query,
            @RequestParam(required = false) String start, @RequestParam(required = false) String end,
            @RequestParam(required = false) String step, @RequestParam(required = false) String limit,
            @RequestParam(required = false) String direction) {
        String tenant = Tenants.resolve(req);
        QueryLimitsProperties.Limits l = limits.forTenant(tenant);
        String q = requireQuery(query);
        long e = LokiTimes.nanos("end", end, nowNanos());
        long s = LokiTimes.nanos("start", start, e - Duration.ofHours(1).toNanos());
        if (e < s) {
            throw QueryErrors.endBeforeStart();
        }
        long lengthNs = e - s;
        if (lengthNs > l.maxQueryLength().toNanos()) {
            throw QueryErrors.rangeTooLong(lengthNs / 1_000_000, l.maxQueryLength().toMillis());
        }
        long defaultStep = Math.max(1_000_000_000L, lengthNs / 250 / 1_000_000_000L * 1_000_000_000L);
        long st = LokiTimes.step(step, defaultStep);
        if (lengthNs / st > MAX_POINTS) {
            throw QueryErrors.tooManyPoints();
        }
        LogqlRequest r = new LogqlRequest(q, s, e, st, direction(direction), limit(limit, l));
        return answer(runner.run(tenant, r), req);
    }

    @RequestMapping(path = "/loki/api/v1/format_query", method = {RequestMethod.GET, RequestMethod.POST})
    public ResponseEntity<String> formatQuery(HttpServletRequest req, @RequestParam(required = false) String query) {
        String tenant = Tenants.resolve(req);
        return json(LokiJson.formatted(runner.engine(tenant).format(requireQuery(query))));
    }

    private long nowNanos() {
        return clock.millis() * 1_000_000L;
    }

    private static String requireQuery(String q) {
        if (q == null || q.isBlank()) {
            throw QueryErrors.missingQuery();
        }
        return q;
    }

    static Direction direction(String d) {
        return d != null && d.toLowerCase(Locale.ROOT).equals("forward") ? Direction.FORWARD : Direction.BACKWARD;
    }

    static int limit(String raw, QueryLimitsProperties.Limits l) {
        if (raw == null || raw.isEmpty()) {
            return 100;
        }
        int v;
        try {
            v = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ai.gatewayz.obs.common.CommonErrors.invalidParameter("limit", raw, "cannot parse %s to a valid integer");
        }
        if (v <= 0) {
            throw QueryErrors.negativeLimit(raw);
        }
        if (v > l.maxEntriesLimitPerQuery()) {
            throw QueryErrors.limitTooLarge(v, l.maxEntriesLimitPerQuery());
        }
        return v;
    }

    private static ResponseEntity<String> answer(LogqlResult result, HttpServletRequest req) {
        String flags = req.getHeader(ENCODING_FLAGS);
        boolean categorize = flags != null && flags.toLowerCase(Locale.ROOT).contains(LokiJson.CATEGORIZE_LABELS);
        return json(LokiJson.result(result, categorize));
    }

    static ResponseEntity<String> json(String body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
