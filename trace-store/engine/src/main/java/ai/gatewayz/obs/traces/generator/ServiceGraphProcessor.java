package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.traces.generator.GeneratorOptions.ServiceGraphs;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tempo's service-graph processor. A CLIENT (or PRODUCER) span waits under (trace id, its span id),
 * a SERVER (or CONSUMER) span under (trace id, its parent span id); when both halves of an edge
 * are there the edge is recorded: {@code traces_service_graph_request_total} +1, {@code _failed_total}
 * +1 when either side has status ERROR, {@code _server_seconds} and {@code _client_seconds} observe
 * each side's duration; labels {@code client}, {@code server}, {@code connection_type}
 * ({@code messaging_system} for producer/consumer pairs, otherwise empty) and the dimensions (the
 * server side's value where it has one, else the client's; or {@code client_<dim>} and
 * {@code server_<dim>} with {@code enable_client_server_prefix}).
 *
 * <p>An edge still unpaired {@code wait} after its first half arrived expires on the injected
 * clock ({@link #expire}): a client half whose span names a peer ({@code peer_attributes}, e.g.
 * {@code peer.service=openai}) becomes an edge to that uninstrumented peer, and a server half of a
 * root span an edge from {@code user}; both take the one measured duration for both histograms, and
 * {@code connection_type="virtual_node"} with {@code enable_virtual_node_label}. Other expired
 * halves count in {@code traces_service_graph_unpaired_spans_total}. At most {@code max_items} halves
 * wait; past that new halves are dropped and counted in {@code traces_service_graph_dropped_spans_total}.
 * With {@code span_multiplier_key} an edge counts {@code 1 / ratio} times, the ratio read from the
 * latest half that carries it. Each edge's trace id is its latency buckets' exemplar.
 *
 * <p>Not thread-safe: owned by one tenant generator, which serialises calls.
 */
final class ServiceGraphProcessor {
    static final String REQUEST_TOTAL = "traces_service_graph_request_total";
    static final String REQUEST_FAILED = "traces_service_graph_request_failed_total";
    static final String SERVER_SECONDS = "traces_service_graph_request_server_seconds";
    static final String CLIENT_SECONDS = "traces_service_graph_request_client_seconds";
    static final String UNPAIRED = "traces_service_graph_unpaired_spans_total";
    static final String DROPPED = "traces_service_graph_dropped_spans_total";

    private final ServiceGraphs options;
    private final long waitMs;
    private final SpanAttributes attrs;
    private final int dimensions;
    private final int[] dimensionSlots;
    private final int[] peerSlots;
    private final int multiplierSlot;
    private final String[] values;
    private final String[] pair = new String[2];
    private final Map<EdgeKey, Edge> pending = new LinkedHashMap<>();
    private final SeriesRegistry.Family edges;
    private final SeriesRegistry.Family unpaired;
    private final SeriesRegistry.Family dropped;
    private long expired;

    private record EdgeKey(long traceHi, long traceLo, long spanId) {
    }

    /** One half-or-whole edge while it waits. */
    private static final class Edge {
        final long expiresAtMs;
        String client;
        String server;
        double clientSeconds = -1;
        double serverSeconds = -1;
        boolean failed;
        boolean messaging;
        boolean serverIsRoot;
        String peer;
        String[] clientDims;
        String[] serverDims;
        TraceId trace;
        double multiplier = 1;

        Edge(long expiresAtMs) {
            this.expiresAtMs = expiresAtMs;
        }
    }

    ServiceGraphProcessor(ServiceGraphs options, SeriesRegistry registry, int maxLabelNameLength, SpanAttributes attrs) {
        this.options = options;
        this.attrs = attrs;
        this.waitMs = options.waitTime().toMillis();
        this.dimensions = options.dimensions().size();
        this.dimensionSlots = options.dimensions().stream().mapToInt(attrs::slot).toArray();
        this.peerSlots = options.peerAttributes().stream().mapToInt(attrs::slot).toArray();
        this.multiplierSlot = options.spanMultiplierKey().isEmpty() ? -1 : attrs.slot(options.spanMultiplierKey());
        List<String> names = new ArrayList<>(List.of("client", "server", "connection_type"));
        for (String d : options.dimensions()) {
            String n = LabelNames.sanitize(d, maxLabelNameLength);
            if (options.clientServerPrefix()) {
                names.add("client_" + n);
                names.add("server_" + n);
            } else {
                names.add(n);
            }
        }
        String[] labelNames = names.toArray(String[]::new);
        this.values = new String[labelNames.length];
        double[] buckets = options.buckets().stream().mapToDouble(Double::doubleValue).toArray();
        this.edges = registry.family(labelNames, new String[] {REQUEST_TOTAL, REQUEST_FAILED},
                new String[] {SERVER_SECONDS, CLIENT_SECONDS}, new double[][] {buckets, buckets});
        this.unpaired = registry.counter(UNPAIRED, new String[] {"client", "server"});
        this.dropped = registry.counter(DROPPED, new String[] {"client", "server"});
    }

    void consume(Span s, long nowMs) {
        boolean client = s.kind() == Span.KIND_CLIENT || s.kind() == Span.KIND_PRODUCER;
        boolean server = s.kind() == Span.KIND_SERVER || s.kind() == Span.KIND_CONSUMER;
        if (!client && !server) {
            return;
        }
        EdgeKey key = new EdgeKey(s.traceId().hi(), s.traceId().lo(), client ? s.spanId() : s.parentSpanId());
        Edge e = pending.get(key);
        if (e == null) {
            if (pending.size() >= options.maxItems()) {
                count(dropped, client ? s.resource().serviceName() : "", client ? "" : s.resource().serviceName(), nowMs);
                return;
            }
            e = new Edge(nowMs + waitMs);
            e.trace = s.traceId();
            pending.put(key, e);
        }
        String service = s.resource().serviceName();
        double secs = SpanValues.seconds(s);
        e.failed |= s.statusCode() == Span.STATUS_ERROR;
        if (multiplierSlot >= 0 && attrs.value(multiplierSlot) != null) {
            e.multiplier = SpanValues.multiplier(attrs.value(multiplierSlot));
        }
        e.messaging |= s.kind() == Span.KIND_PRODUCER || s.kind() == Span.KIND_CONSUMER;
        if (client) {
            e.client = service;
            e.clientSeconds = secs;
            e.clientDims = dims(s);
            for (int p : peerSlots) {
                String v = attrs.text(p);
                if (v != null && !v.isEmpty()) {
                    e.peer = v;
                    break;
                }
            }
        } else {
            e.server = service;
            e.serverSeconds = secs;
            e.serverDims = dims(s);
            e.serverIsRoot = s.isRoot();
        }
        if (e.client != null && e.server != null) {
            pending.remove(key);
            record(e, e.client, e.server, e.messaging ? "messaging_system" : "", e.clientSeconds, e.serverSeconds, nowMs);
        }
    }

    /** Handles halves whose wait is over at {@code nowMs}; returns how many expired. */
    int expire(long nowMs) {
        int n = 0;
        for (Iterator<Edge> it = pending.values().iterator(); it.hasNext(); ) {
            Edge e = it.next();
            if (e.expiresAtMs > nowMs) {
                break; // insertion order is expiry order: the wait is the same for every edge
            }
            it.remove();
            n++;
            String virtual = options.virtualNodeLabel() ? "virtual_node" : "";
            if (e.client != null && e.peer != null) {
                record(e, e.client, e.peer, virtual, e.clientSeconds, e.clientSeconds, nowMs);
            } else if (e.server != null && e.serverIsRoot) {
                record(e, "user", e.server, virtual, e.serverSeconds, e.serverSeconds, nowMs);
            } else {
                count(unpaired, e.client == null ? "" : e.client, e.server == null ? "" : e.server, nowMs);
            }
        }
        expired += n;
        return n;
    }

    int pending() {
        return pending.size();
    }

    long expired() {
        return expired;
    }

    private void count(SeriesRegistry.Family c, String client, String server, long nowMs) {
        pair[0] = client;
        pair[1] = server;
        c.entry(pair, nowMs).add(0, 1);
    }

    private String[] dims(Span s) {
        if (dimensions == 0) {
            return null;
        }
        String[] d = new String[dimensions];
        for (int i = 0; i < d.length; i++) {
            d[i] = attrs.text(dimensionSlots[i]);
        }
        return d;
    }

    private void record(Edge e, String client, String server, String connectionType, double clientSecs, double serverSecs,
            long nowMs) {
        values[0] = client;
        values[1] = server;
        values[2] = connectionType;
        int i = 3;
        for (int d = 0; d < dimensions; d++) {
            String c = e.clientDims == null ? null : e.clientDims[d];
            String sv = e.serverDims == null ? null : e.serverDims[d];
            if (options.clientServerPrefix()) {
                values[i++] = Objects.requireNonNullElse(c, "");
                values[i++] = Objects.requireNonNullElse(sv, "");
            } else {
                values[i++] = sv != null ? sv : Objects.requireNonNullElse(c, "");
            }
        }
        SeriesRegistry.Entry x = edges.entry(values, nowMs);
        x.add(0, e.multiplier);
        if (e.failed) {
            x.add(1, e.multiplier);
        }
        edges.observe(x, 0, serverSecs, e.multiplier, e.trace, nowMs);
        edges.observe(x, 1, clientSecs, e.multiplier, e.trace, nowMs);
    }
}
