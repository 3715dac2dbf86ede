package ai.gatewayz.obs.jsonproxy.health;

import java.time.Instant;
import java.util.List;

/** One successful poll of the backend. Immutable. */
public record Snapshot(Instant at, List<ProviderHealth> providers, List<BreakerState> breakers) {
    public static final Snapshot EMPTY = new Snapshot(Instant.EPOCH, List.of(), List.of());

    public Snapshot {
        providers = List.copyOf(providers);
        breakers = List.copyOf(breakers);
    }
}
