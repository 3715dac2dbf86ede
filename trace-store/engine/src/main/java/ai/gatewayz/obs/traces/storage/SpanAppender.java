package ai.gatewayz.obs.traces.storage;

import ai.gatewayz.obs.traces.model.Span;
import java.util.List;

/**
 * The write side of trace storage: accepts spans of any traces for one tenant.
 *
 * <p>Thread-safe: any number of ingest threads may call {@link #append} at once. The caller owns
 * the list and may reuse it after the call returns; the storage keeps the (immutable) spans.
 * {@code append} returns only once the spans are durable (in the WAL for on-disk storage): that
 * is the moment an OTLP export may be acknowledged. Spans already stored under the same
 * (trace id, span id) are tolerated (client retries) and read back once.
 */
public interface SpanAppender {
    /** Stores {@code spans} for {@code tenant}; validated by the caller (non-zero ids). */
    void append(String tenant, List<Span> spans);
}
