package ai.gatewayz.obs.sim.catalog;

import java.util.List;

/**
 * A model as clients name it and the providers that serve it, in routing preference order. Immutable.
 *
 * @param id              the public id people send ({@code gpt-4o-mini}, {@code llama-3.1-70b})
 * @param canonical       the {@code vendor/model} id used as the {@code model} label
 * @param ownedBy         vendor ({@code openai}, {@code meta-llama}...) reported by {@code /v1/models}
 * @param providers       provider slugs, first = primary, the rest are failover targets
 * @param inputPerMTok    USD per million input tokens
 * @param outputPerMTok   USD per million output tokens
 * @param free            whether the model is in the free tier ({@code free_model_usage_total})
 */
public record Model(String id, String canonical, String ownedBy, List<String> providers,
                    double inputPerMTok, double outputPerMTok, boolean free) {
    public Model {
        providers = List.copyOf(providers);
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("model without providers [model=" + id + "]");
        }
    }

    /** USD cost of one call. */
    public double cost(long inputTokens, long outputTokens) {
        return (inputTokens * inputPerMTok + outputTokens * outputPerMTok) / 1_000_000.0;
    }
}
