package ai.gatewayz.obs.logs.server.explore;

import ai.gatewayz.obs.logs.patterns.PatternOptions;
import ai.gatewayz.obs.logs.tail.TailOptions;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code log.explore.*}: pattern mining and live tail settings; every field has a default.
 *
 * @param patternsEnabled mine patterns as lines arrive (drilldown-limits reports it as {@code pattern_ingester_enabled})
 * @param patternSimilarity share of equal tokens a line needs to join a pattern (0.5)
 * @param patternsPerStream patterns kept per stream (300)
 * @param patternRetention how far back pattern counts reach (3h)
 * @param tailMaxBufferedEntries entries queued per tail before they are dropped and reported (10000)
 * @param tailMaxEntriesPerMessage entries per tail message (1000)
 * @param tailMaxPerTenant concurrent tails per tenant (100)
 */
@ConfigurationProperties("log.explore")
public record ExploreProperties(Boolean patternsEnabled, Double patternSimilarity, Integer patternsPerStream,
        Duration patternRetention, Integer tailMaxBufferedEntries, Integer tailMaxEntriesPerMessage, Integer tailMaxPerTenant) {
    public boolean patterns() {
        return patternsEnabled == null || patternsEnabled;
    }

    public PatternOptions patternOptions() {
        PatternOptions d = PatternOptions.DEFAULTS;
        return new PatternOptions(patternSimilarity == null ? d.similarity() : patternSimilarity,
                patternsPerStream == null ? d.maxClustersPerStream() : patternsPerStream, d.maxTokens(), d.bucket(),
                patternRetention == null ? d.retention() : patternRetention);
    }

    public TailOptions tailOptions() {
        TailOptions d = TailOptions.DEFAULTS;
        int buffered = tailMaxBufferedEntries == null ? d.maxBufferedEntries() : tailMaxBufferedEntries;
        return new TailOptions(buffered, Math.max(buffered, d.maxDroppedReported()),
                tailMaxEntriesPerMessage == null ? d.maxEntriesPerMessage() : tailMaxEntriesPerMessage,
                tailMaxPerTenant == null ? d.maxTailsPerTenant() : tailMaxPerTenant, d.maxDelayForSeconds());
    }
}
