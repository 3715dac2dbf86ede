package ai.gatewayz.obs.traces.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.testkit.TestClock;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.storage.MemoryTraceStorage;
import ai.gatewayz.obs.traces.storage.TestSpans;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Tempo-style tenant limits at ingest: live traces per tenant (whole export refused, retryably,
 * nothing stored), bytes per trace over all its exports (partial success), ingestion rate; live
 * traces and trace budgets expire after the idle period, in virtual time.
 */
class TenantLimitsTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private final TestClock clock = TestClock.at(Instant.ofEpochSecond(1_700_000_000));
    private final MemoryTraceStorage storage = new MemoryTraceStorage();

    private OtlpReceiver receiver(TenantLimits l) {
        return new OtlpReceiver(storage, t -> l, clock);
    }

    private static TenantLimits limits(long maxTraceBytes, int maxLiveTraces) {
        return new TenantLimits(1L << 30, 1L << 30, maxTraceBytes, maxLiveTraces, Duration.ofSeconds(10), IngestLimits.DEFAULTS);
    }

    private static Span span(int trace, long id) {
        return TestSpans.span(trace, id, id == 1 ? 0 : 1, "op", T0 + id, 1000);
    }

    private static ExportTraceServiceRequest export(Span... spans) {
        var d = ai.gatewayz.obs.traces.otlp.OtlpEncoder.encode(Arrays.asList(spans));
        return ExportTraceServiceRequest.newBuilder().addAllResourceSpans(d.getResourceSpansList()).build();
    }

    private int stored(String tenant, int trace) {
        return storage.trace(tenant, TestSpans.trace(trace), 0, Long.MAX_VALUE).size();
    }

    @Test
    void anExportOpeningTracesBeyondTheLiveLimitIsRefusedWholeAndRetryable() {
        OtlpReceiver r = receiver(limits(1 << 20, 2));
        assertEquals(new ExportResult(2, 0, ""), r.export("t", export(span(1, 1), span(2, 1)), 100));
        // a live trace keeps taking spans at the limit
        assertEquals(new ExportResult(1, 0, ""), r.export("t", export(span(1, 2)), 100));
        // a third trace, even beside spans of a live one, refuses the whole export
        IngestRefused e = assertThrows(IngestRefused.class, () -> r.export("t", export(span(1, 3), span(3, 1)), 100));
        assertEquals(ErrorKind.TOO_MANY_REQUESTS, e.kind());
        assertEquals("LIVE_TRACES_EXCEEDED: max live traces per tenant exceeded [tenant=t, limit=2, live=2]", e.getMessage());
        assertEquals(5, e.retryAfterSeconds());
        assertEquals(2, stored("t", 1));
        assertEquals(0, stored("t", 3));
        // other tenants have their own count
        assertEquals(new ExportResult(1, 0, ""), r.export("other", export(span(3, 1)), 100));
        // once the live traces go idle, the retry succeeds
        clock.advance(Duration.ofSeconds(9));
        assertThrows(IngestRefused.class, () -> r.export("t", export(span(3, 1)), 100));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(new ExportResult(2, 0, ""), r.export("t", export(span(1, 3), span(3, 1)), 100));
        assertEquals(3, stored("t", 1));
    }

    @Test
    void spansTakingATraceOverItsByteLimitAreRejectedAcrossExports() {
        int one = span(1, 1).approximateBytes();
        OtlpReceiver r = receiver(limits(3L * one, 100));
        assertEquals(new ExportResult(2, 0, ""), r.export("t", export(span(1, 1), span(1, 2)), 100));
        // the second export brings the trace to 4 spans' bytes: its last span is rejected, another trace is not
        ExportResult res = r.export("t", export(span(1, 3), span(1, 4), span(2, 1)), 100);
        assertEquals(new ExportResult(2, 1, "TRACE_TOO_LARGE: max bytes per trace exceeded [tenant=t, traceId="
                + TestSpans.trace(1).hex() + ", limit=" + 3L * one + " bytes]"), res);
        assertEquals(3, stored("t", 1));
        assertEquals(1, stored("t", 2));
        // after the idle period the trace is new again with a fresh budget (the storage has cut it)
        clock.advance(Duration.ofSeconds(10));
        assertEquals(new ExportResult(1, 0, ""), r.export("t", export(span(1, 4)), 100));
        assertEquals(4, stored("t", 1));
    }

    @Test
    void overTheByteRateTheExportIsRefusedWithTempoReason() {
        OtlpReceiver r = receiver(new TenantLimits(1000, 2000, 1 << 20, 100, Duration.ofSeconds(10), IngestLimits.DEFAULTS));
        assertEquals(1, r.export("t", export(span(1, 1)), 1500).accepted());
        IngestRefused e = assertThrows(IngestRefused.class, () -> r.export("t", export(span(2, 1)), 1500));
        assertEquals("RATE_LIMITED: ingestion rate limit exceeded [tenant=t, limit=1000 bytes/s, burst=2000 bytes]", e.getMessage());
        assertEquals(1, e.retryAfterSeconds());
        assertEquals(0, stored("t", 2));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, r.export("t", export(span(2, 1)), 1500).accepted());
    }

    @Test
    void aFailedAppendReleasesTheTraceBudget() {
        int one = span(1, 1).approximateBytes();
        boolean[] fail = {true};
        OtlpReceiver r = new OtlpReceiver((tenant, spans) -> {
            if (fail[0]) {
                throw new IllegalStateException("disk full");
            }
            storage.append(tenant, spans);
        }, t -> limits(2L * one, 100), clock);
        assertThrows(IllegalStateException.class, () -> r.export("t", export(span(1, 1), span(1, 2)), 100));
        fail[0] = false;
        assertEquals(new ExportResult(2, 0, ""), r.export("t", export(span(1, 1), span(1, 2)), 100));
    }
}
