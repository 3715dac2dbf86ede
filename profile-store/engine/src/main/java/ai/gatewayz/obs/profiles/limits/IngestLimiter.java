package ai.gatewayz.obs.profiles.limits;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.TokenBucket;
import ai.gatewayz.obs.common.Utf8;
import ai.gatewayz.obs.profiles.model.ProfileInput;
import ai.gatewayz.obs.profiles.model.ProfileTypeId;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies {@link TenantLimits} to ingest, in the order a request meets them: {@link #admitBytes}
 * (rate, before decoding, so refused requests cost nothing), {@link #admitProfileSize} (each
 * payload), then {@link #admitSeries} on the decoded profiles (label shape, then the active-series
 * budget). Each check throws a {@link LimitErrors} exception or returns normally; nothing is taken
 * from the series budget by a refused request.
 *
 * <p>A series is active while it received a profile within {@code activeWindow}; the set of a
 * tenant is seeded once from storage ({@link SeriesSeed}) so a restart does not reset the budget.
 * Thread-safe; time comes from the injected clock.
 */
public final class IngestLimiter {
    /** The series a tenant already has in storage with a profile in {@code [sinceMs, nowMs]}. */
    @FunctionalInterface
    public interface SeriesSeed {
        Collection<Labels> activeSeries(String tenant, long sinceMs, long nowMs);
    }

    private final TenantLimitsSource source;
    private final Clock clock;
    private final long windowMs;
    private final SeriesSeed seed;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, ActiveSeries> series = new ConcurrentHashMap<>();

    public IngestLimiter(TenantLimitsSource source, Clock clock, Duration activeWindow, SeriesSeed seed) {
        this.source = source;
        this.clock = clock;
        this.windowMs = activeWindow.toMillis();
        this.seed = seed;
    }

    public TenantLimits limits(String tenant) {
        return source.limits(tenant);
    }

    /** Takes {@code bytes} from the tenant's rate bucket or refuses the whole request (429). */
    public void admitBytes(String tenant, long bytes) {
        TenantLimits l = source.limits(tenant);
        if (l.ingestionRateBytes() <= 0) {
            return;
        }
        long now = clock.millis();
        TokenBucket b = buckets.computeIfAbsent(tenant, t -> new TokenBucket(l.ingestionRateBytes(), l.ingestionBurstBytes(), now));
        if (!b.tryTake(bytes, now)) {
            throw LimitErrors.rateLimited(tenant, bytes, l);
        }
    }

    /** Refuses one profile payload larger than the tenant's limit (400). */
    public void admitProfileSize(String tenant, long bytes) {
        long limit = source.limits(tenant).maxProfileSizeBytes();
        if (limit > 0 && bytes > limit) {
            throw LimitErrors.profileTooLarge(tenant, bytes, limit);
        }
    }

    /** Checks the labels of every profile (400), then that new series fit the tenant's budget (429). */
    public void admitSeries(String tenant, List<ProfileInput> profiles) {
        TenantLimits l = source.limits(tenant);
        Set<Labels> distinct = new LinkedHashSet<>();
        for (ProfileInput p : profiles) {
            if (distinct.add(p.series())) {
                checkLabels(tenant, p.series(), l);
            }
        }
        if (distinct.isEmpty()) {
            return;
        }
        long now = clock.millis();
        ActiveSeries active = series.computeIfAbsent(tenant, t -> new ActiveSeries(seed.activeSeries(t, now - windowMs, now), now));
        active.admit(tenant, distinct, l.maxSeries(), now, windowMs);
    }

    private static void checkLabels(String tenant, Labels s, TenantLimits l) {
        int[] count = {0};
        s.forEach((name, value) -> {
            if (name.equals(ProfileTypeId.LABEL)) {
                return; // derived by the store from __name__ and the sample type, not sent by the client
            }
            count[0]++;
            int nl = Utf8.length(name);
            if (l.maxLabelNameLength() > 0 && nl > l.maxLabelNameLength()) {
                throw LimitErrors.labelNameTooLong(tenant, name, nl, l.maxLabelNameLength());
            }
            int vl = Utf8.length(value);
            if (l.maxLabelValueLength() > 0 && vl > l.maxLabelValueLength()) {
                throw LimitErrors.labelValueTooLong(tenant, name, vl, l.maxLabelValueLength());
            }
        });
        if (l.maxLabelNamesPerSeries() > 0 && count[0] > l.maxLabelNamesPerSeries()) {
            throw LimitErrors.tooManyLabels(tenant, s.get(Labels.METRIC_NAME) + "{service_name=" + s.get("service_name") + "}",
                    count[0], l.maxLabelNamesPerSeries());
        }
    }


    /** One tenant's active series and when each last received a profile; guarded by its monitor. */
    private static final class ActiveSeries {
        private final Map<Labels, Long> lastSeen = new HashMap<>();

        ActiveSeries(Collection<Labels> seeded, long now) {
            for (Labels l : seeded) {
                lastSeen.put(l, now);
            }
        }

        synchronized void admit(String tenant, Set<Labels> incoming, int limit, long now, long windowMs) {
            long cutoff = now - windowMs;
            int adding = 0;
            for (Labels l : incoming) {
                Long seen = lastSeen.get(l);
                if (seen == null || seen < cutoff) {
                    adding++;
                }
            }
            if (limit > 0 && adding > 0 && lastSeen.size() + adding > limit) {
                // Expired entries are dropped only when the budget is tight, so pruning is amortised.
                lastSeen.values().removeIf(t -> t < cutoff);
                adding = 0;
                for (Labels l : incoming) {
                    if (!lastSeen.containsKey(l)) {
                        adding++;
                    }
                }
                if (lastSeen.size() + adding > limit) {
                    throw LimitErrors.tooManySeries(tenant, lastSeen.size(), adding, limit);
                }
            }
            for (Labels l : incoming) {
                lastSeen.put(l, now);
            }
        }
    }
}
