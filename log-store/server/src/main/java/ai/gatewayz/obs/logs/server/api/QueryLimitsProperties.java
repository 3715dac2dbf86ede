package ai.gatewayz.obs.logs.server.api;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code log.query.*}: per-query limits with Loki's defaults; {@code tenants.<id>.*} overrides them.
 *
 * @param maxEntriesLimitPerQuery largest {@code limit} of a log query (5000)
 * @param maxQuerySeries most series a metric query may return (500)
 * @param maxQueryLength longest range a query may cover (721h)
 * @param queryTimeout how long a query may run before it is answered 504 (1m)
 */
@ConfigurationProperties("log.query")
public record QueryLimitsProperties(Integer maxEntriesLimitPerQuery, Integer maxQuerySeries, Duration maxQueryLength,
        Duration queryTimeout, Map<String, QueryLimitsProperties> tenants) {
    public QueryLimitsProperties {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }

    /** Effective limits of a tenant. */
    public Limits forTenant(String tenant) {
        QueryLimitsProperties t = tenants.getOrDefault(tenant, null);
        return new Limits(
                pick(t == null ? null : t.maxEntriesLimitPerQuery, maxEntriesLimitPerQuery, 5000),
                pick(t == null ? null : t.maxQuerySeries, maxQuerySeries, 500),
                pick(t == null ? null : t.maxQueryLength, maxQueryLength, Duration.ofHours(721)),
                pick(t == null ? null : t.queryTimeout, queryTimeout, Duration.ofMinutes(1)));
    }

    private static <T> T pick(T tenant, T global, T dflt) {
        return tenant != null ? tenant : global != null ? global : dflt;
    }

    /** Resolved limits. Immutable. */
    public record Limits(int maxEntriesLimitPerQuery, int maxQuerySeries, Duration maxQueryLength, Duration queryTimeout) {
    }
}
