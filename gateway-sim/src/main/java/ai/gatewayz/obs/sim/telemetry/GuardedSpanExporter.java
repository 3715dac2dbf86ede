package ai.gatewayz.obs.sim.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.function.LongSupplier;

/**
 * The backend's "resilient" span processor behaviour around a real exporter: after 5 consecutive
 * failed exports, batches are dropped without trying for 60 s; the outage is logged once through
 * {@link OutageNotice}. The SDK's batch processor in front keeps the queue bounded. Thread-safe.
 */
public final class GuardedSpanExporter implements SpanExporter {
    static final int FAILURES_TO_PAUSE = 5;
    static final long PAUSE_MS = 60_000;

    private final SpanExporter delegate;
    private final OutageNotice notice;
    private final LongSupplier clock;
    private int consecutiveFailures;
    private long pausedUntil;
    private volatile long exported;
    private volatile long dropped;

    public GuardedSpanExporter(SpanExporter delegate, OutageNotice notice, LongSupplier clockMillis) {
        this.delegate = delegate;
        this.notice = notice;
        this.clock = clockMillis;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        synchronized (this) {
            if (clock.getAsLong() < pausedUntil) {
                dropped += spans.size();
                return CompletableResultCode.ofFailure();
            }
        }
        CompletableResultCode r = delegate.export(spans);
        r.whenComplete(() -> {
            synchronized (this) {
                if (r.isSuccess()) {
                    consecutiveFailures = 0;
                    exported += spans.size();
                    notice.succeeded();
                } else {
                    dropped += spans.size();
                    notice.failed("export failed");
                    if (++consecutiveFailures >= FAILURES_TO_PAUSE) {
                        consecutiveFailures = 0;
                        pausedUntil = clock.getAsLong() + PAUSE_MS;
                    }
                }
            }
        });
        return r;
    }

    public long exported() {
        return exported;
    }

    public long dropped() {
        return dropped;
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }
}
