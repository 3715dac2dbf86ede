package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.remotewrite.Exemplar;
import ai.gatewayz.obs.remotewrite.RemoteWriteClient;
import ai.gatewayz.obs.remotewrite.RemoteWriteOptions;
import ai.gatewayz.obs.remotewrite.RemoteWriteStats;
import ai.gatewayz.obs.traces.generator.GeneratorOptions.RemoteWriteTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Sends generator samples to every {@code storage.remote_write} target through the shared
 * remote-write client, one client per (tenant, target) created on first use so each tenant's series
 * carry {@code X-Scope-OrgID: <tenant>} (Tempo's {@code remote_write_add_org_id_header}; a header
 * configured for the target wins). Retries, backoff and the bounded queue (drops counted) are the
 * client's. Thread-safe; {@link #close} drains for at most the given time and stops every client.
 */
public final class RemoteWriteSink implements SampleSink, AutoCloseable {
    static final String ORG_HEADER = "X-Scope-OrgID";
    private final List<RemoteWriteTarget> targets;
    private final boolean addOrgId;
    private final UnaryOperator<RemoteWriteOptions> tune;
    private final Clock clock;
    private final Map<String, RemoteWriteClient[]> clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** {@code tune} adjusts each client's queue and backoff (identity for the client's defaults). */
    public RemoteWriteSink(List<RemoteWriteTarget> targets, boolean addOrgId, UnaryOperator<RemoteWriteOptions> tune, Clock clock) {
        this.targets = List.copyOf(targets);
        this.addOrgId = addOrgId;
        this.tune = tune;
        this.clock = clock;
    }

    @Override
    public boolean append(String tenant, Labels labels, long timestampMs, double value) {
        if (closed) {
            return false;
        }
        boolean ok = true;
        for (RemoteWriteClient c : clients.computeIfAbsent(tenant, this::open)) {
            ok &= c.append(labels, timestampMs, value);
        }
        return ok;
    }

    @Override
    public boolean append(String tenant, Labels labels, long timestampMs, double value, Exemplar exemplar) {
        if (closed) {
            return false;
        }
        boolean ok = true;
        for (RemoteWriteClient c : clients.computeIfAbsent(tenant, this::open)) {
            ok &= c.appendWithExemplar(labels, timestampMs, value, exemplar);
        }
        return ok;
    }

    private RemoteWriteClient[] open(String tenant) {
        RemoteWriteClient[] out = new RemoteWriteClient[targets.size()];
        for (int i = 0; i < out.length; i++) {
            RemoteWriteTarget t = targets.get(i);
            Map<String, String> headers = new LinkedHashMap<>();
            if (addOrgId) {
                headers.put(ORG_HEADER, tenant);
            }
            t.headers().forEach((k, v) -> {
                headers.keySet().removeIf(h -> h.equalsIgnoreCase(k));
                headers.put(k, v);
            });
            out[i] = new RemoteWriteClient(tune.apply(RemoteWriteOptions.defaults(t.url()).withHeaders(headers)), clock);
        }
        return out;
    }

    /** The clients of every tenant, for metrics and tests. */
    public Map<String, List<RemoteWriteClient>> clients() {
        Map<String, List<RemoteWriteClient>> m = new LinkedHashMap<>();
        clients.forEach((t, cs) -> m.put(t, List.of(cs)));
        return m;
    }

    /** Sums of all clients' counters. */
    public RemoteWriteStats stats() {
        long[] s = new long[10];
        long highest = 0;
        String last = "";
        for (RemoteWriteClient[] cs : clients.values()) {
            for (RemoteWriteClient c : cs) {
                RemoteWriteStats x = c.stats();
                s[0] += x.samplesIn();
                s[1] += x.samplesSent();
                s[2] += x.droppedQueueFull();
                s[3] += x.droppedInvalid();
                s[4] += x.droppedTooOld();
                s[5] += x.samplesFailed();
                s[6] += x.samplesRetried();
                s[7] += x.requests();
                s[8] += x.bytesSent();
                s[9] += x.pending();
                highest = Math.max(highest, x.highestSentTimestampMs());
                last = x.lastError().isEmpty() ? last : x.lastError();
            }
        }
        return new RemoteWriteStats(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], highest, last);
    }

    /** Waits until every client has sent what it queued; false on timeout. */
    public boolean flush(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        List<RemoteWriteClient> all = new ArrayList<>();
        clients.values().forEach(cs -> all.addAll(List.of(cs)));
        for (RemoteWriteClient c : all) {
            long left = end - System.nanoTime();
            if (left <= 0 || !c.flush(Duration.ofNanos(left))) {
                return false;
            }
        }
        return true;
    }

    public void close(Duration timeout) {
        closed = true;
        clients.values().forEach(cs -> {
            for (RemoteWriteClient c : cs) {
                c.close(timeout);
            }
        });
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
