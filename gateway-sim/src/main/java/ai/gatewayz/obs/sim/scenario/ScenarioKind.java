package ai.gatewayz.obs.sim.scenario;

import java.util.Locale;

/** The incidents the scenario engine can inject. {@link #id()} is the snake_case name used in config and the API. */
public enum ScenarioKind {
    /** Every call to one provider fails fast with 503 (connection refused upstream). */
    PROVIDER_OUTAGE,
    /** One model on one provider: most calls fail with 5xx and the rest are slow. */
    MODEL_DEGRADED,
    /** One provider answers {@code factor} times slower (first chunk and generation). */
    LATENCY_SPIKE,
    /** One cache layer answers {@code factor} times slower. */
    SLOW_CACHE,
    /** One provider alternates between failing and healthy every half period, so its breaker flaps. */
    BREAKER_FLAPPING,
    /** One user sends {@code factor} times more requests asking for very long completions. */
    TOKEN_BURN,
    /** After a "deploy", one model is routed to its last fallback provider first. */
    ROUTING_REGRESSION;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ScenarioKind parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("scenario kind is required [kind=null]");
        }
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scenario kind [kind=" + s + "]", e);
        }
    }
}
