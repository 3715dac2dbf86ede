package ai.gatewayz.obs.logs.ruler;

import ai.gatewayz.obs.remotewrite.RemoteWriteClient;
import ai.gatewayz.obs.remotewrite.RemoteWriteOptions;
import ai.gatewayz.obs.rules.ForStateReader;
import ai.gatewayz.obs.rules.ResultWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The remote-write clients of the ruler, one per configured destination and tenant, created on the
 * tenant's first rule evaluation: each sends with {@code X-Scope-OrgID} set to the tenant (as Loki's
 * ruler does) unless the destination's headers set it. {@code onCreate} sees every new client with
 * its name ({@code <destination>/<tenant>}), so the server can expose its metrics. With no
 * destination the results are discarded (Loki's {@code remote_write.enabled: false}). With a queue
 * directory each client logs its queue in {@code <queueRoot>/<destination>/<tenant>} (the tenant
 * URL-encoded), so samples still owed at a restart or kill are sent afterwards, and none that the
 * receiver acknowledged is sent again (the role of Loki's ruler WAL). Thread-safe;
 * owns the clients and closes them (draining for at most the given time) in {@link #close(Duration)}.
 */
public final class TenantRemoteWrite implements AutoCloseable {
    /** One configured destination: a name (the key of {@code remote_write.clients}) and its options. */
    public record Destination(String name, RemoteWriteOptions options) {
    }

    private final List<Destination> destinations;
    private final Clock clock;
    private final Path queueRoot;
    private final BiConsumer<String, RemoteWriteClient> onCreate;
    private final ConcurrentHashMap<String, List<RemoteWriteClient>> byTenant = new ConcurrentHashMap<>();

    public TenantRemoteWrite(List<Destination> destinations, Clock clock, BiConsumer<String, RemoteWriteClient> onCreate) {
        this(destinations, clock, null, onCreate);
    }

    /** As above, each client's queue logged below {@code queueRoot} (null: memory only). */
    public TenantRemoteWrite(List<Destination> destinations, Clock clock, Path queueRoot,
            BiConsumer<String, RemoteWriteClient> onCreate) {
        this.destinations = List.copyOf(destinations);
        this.clock = clock;
        this.queueRoot = queueRoot;
        this.onCreate = onCreate;
    }

    public List<Destination> destinations() {
        return destinations;
    }

    /** The result writer of a tenant's rules. */
    public ResultWriter writer(String tenant) {
        if (destinations.isEmpty()) {
            return ResultWriter.DISCARD;
        }
        return new RemoteWriteResults(clients(tenant));
    }

    /**
     * Where a tenant's alerts get their {@code ALERTS_FOR_STATE} back after a restart: the query API
     * of the first destination's store (its write URL without {@code /api/v1/write}), asked with the
     * headers the tenant's samples were sent with. No destination: nothing to read back.
     */
    public ForStateReader forStateReader(String tenant) {
        if (destinations.isEmpty()) {
            return ForStateReader.NONE;
        }
        Destination d = destinations.getFirst();
        return new QueryApiForStateReader(QueryApiForStateReader.baseOf(d.options().url()), tenantHeaders(d, tenant),
                d.options().externalLabels(), Duration.ofMillis(Math.min(d.options().timeoutMs(), 10_000)));
    }

    private static Map<String, String> tenantHeaders(Destination d, String tenant) {
        Map<String, String> headers = new HashMap<>(d.options().headers());
        if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("X-Scope-OrgID"))) {
            headers.put("X-Scope-OrgID", tenant);
        }
        return headers;
    }

    /** The clients of a tenant, created on first use. */
    public List<RemoteWriteClient> clients(String tenant) {
        return byTenant.computeIfAbsent(tenant, t -> {
            List<RemoteWriteClient> out = new ArrayList<>();
            for (Destination d : destinations) {
                Map<String, String> headers = tenantHeaders(d, t);
                Path queue = queueRoot == null ? null
                        : queueRoot.resolve(dirName(d.name())).resolve(dirName(t));
                RemoteWriteClient c = new RemoteWriteClient(d.options().withHeaders(headers), clock, queue);
                onCreate.accept(d.name() + "/" + t, c);
                out.add(c);
            }
            return List.copyOf(out);
        });
    }

    /** A name as one safe path element. */
    private static String dirName(String name) {
        String e = URLEncoder.encode(name, StandardCharsets.UTF_8);
        return e.equals(".") || e.equals("..") ? "%2E" + e.substring(1) : e;
    }

    /** Every client by tenant (for stats). */
    public Map<String, List<RemoteWriteClient>> all() {
        return Map.copyOf(byTenant);
    }

    public void close(Duration drain) {
        for (List<RemoteWriteClient> cs : byTenant.values()) {
            for (RemoteWriteClient c : cs) {
                c.close(drain);
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
