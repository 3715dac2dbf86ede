package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.storage.SpanAppender;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest-path hook: stores spans first, then hands the same (durable) spans to the generator
 * side ({@link MetricsGenerator#consume} directly, or an {@link AsyncFeed}), so only acknowledged
 * spans are counted. A generator fault is logged and never fails the export. Thread-safe when both
 * parts are.
 */
public final class GeneratingAppender implements SpanAppender {
    private static final Logger log = LoggerFactory.getLogger(GeneratingAppender.class);
    private final SpanAppender storage;
    private final SpanAppender generator;

    public GeneratingAppender(SpanAppender storage, SpanAppender generator) {
        this.storage = storage;
        this.generator = generator;
    }

    /** The generator fed on the ingest thread (tests, single-threaded benchmarks). */
    public GeneratingAppender(SpanAppender storage, MetricsGenerator generator) {
        this(storage, generator::consume);
    }

    @Override
    public void append(String tenant, List<Span> spans) {
        storage.append(tenant, spans);
        try {
            generator.append(tenant, spans);
        } catch (RuntimeException e) {
            log.error("metrics generator failed on stored spans [tenant={}, spans={}]", tenant, spans.size(), e);
        }
    }
}
