package ai.gatewayz.obs.traces.generator;

/**
 * What the generator did so far, over all tenants, named after Tempo's
 * {@code tempo_metrics_generator_*} metrics: spans received, spans discarded outside the ingestion
 * slack, spans refused by filter policies, observations folded into overflow series because of
 * {@code max_active_series} ({@code seriesLimited}), the active series now, samples handed to the
 * sink, and service-graph halves expired / waiting. An immutable snapshot.
 */
public record GeneratorStats(long spansReceived, long spansDiscarded, long spansFiltered, long seriesLimited, long activeSeries,
        long samplesCollected, long edgesExpired, long edgesPending, int tenants) {
}
