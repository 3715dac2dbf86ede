package ai.gatewayz.obs.traces.generator;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.proto.prometheus.RemoteWriteV1;
import ai.gatewayz.obs.remotewrite.RemoteWriteStats;
import ai.gatewayz.obs.traces.generator.GeneratorOptions.RemoteWriteTarget;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/**
 * The sink over the shared remote-write client: each tenant's samples carry its X-Scope-OrgID (a
 * configured header wins), and with the receiver down samples are retried, memory stays bounded by
 * the queue and every drop is counted.
 */
class RemoteWriteSinkTest {
    @Test
    void eachTenantIsWrittenWithItsOwnOrgIdHeader() throws Exception {
        Map<String, List<String>> seriesByTenant = new ConcurrentHashMap<>();
        List<String> auth = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/write", ex -> {
            try (ex) {
                var req = RemoteWriteV1.WriteRequest.parseFrom(Snappy.uncompress(ex.getRequestBody().readAllBytes()));
                String tenant = ex.getRequestHeaders().getFirst("X-Scope-OrgID");
                auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
                for (var ts : req.getTimeseriesList()) {
                    seriesByTenant.computeIfAbsent(String.valueOf(tenant), t -> new CopyOnWriteArrayList<>())
                            .add(ts.getLabels(0).getValue() + "=" + ts.getSamples(0).getValue());
                }
                ex.sendResponseHeaders(204, -1);
            }
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
        try (RemoteWriteSink sink = new RemoteWriteSink(List.of(new RemoteWriteTarget("mimir", url, Map.of("Authorization", "Bearer t"))),
                true, o -> o.withQueue(1, 100, 10, 20), Clock.systemUTC())) {
            long now = System.currentTimeMillis();
            assertThat(sink.append("anonymous", Labels.of("__name__", "traces_spanmetrics_calls_total"), now, 3)).isTrue();
            assertThat(sink.append("team-a", Labels.of("__name__", "traces_spanmetrics_calls_total"), now, 5)).isTrue();
            assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(sink.stats().samplesSent()).isEqualTo(2);
        } finally {
            server.stop(0);
        }
        assertThat(seriesByTenant).isEqualTo(Map.of("anonymous", List.of("traces_spanmetrics_calls_total=3.0"),
                "team-a", List.of("traces_spanmetrics_calls_total=5.0")));
        assertThat(auth).containsOnly("Bearer t");
    }

    @Test
    void withTheReceiverDownSamplesAreRetriedBoundedAndDropsCounted() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/api/v1/write");
        RemoteWriteSink sink = new RemoteWriteSink(List.of(new RemoteWriteTarget("down", url, Map.of())), true,
                o -> o.withQueue(1, 20, 10, 20).withBackoff(5, 20), Clock.systemUTC());
        long now = System.currentTimeMillis();
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            if (sink.append("anonymous", Labels.of("__name__", "traces_service_graph_request_total", "i", Integer.toString(i)), now, i)) {
                accepted++;
            }
        }
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sink.stats().samplesRetried() == 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        RemoteWriteStats s = sink.stats();
        assertThat(s.samplesRetried()).as("sends are retried while the receiver is down").isPositive();
        assertThat(s.samplesSent()).isZero();
        assertThat(accepted).isLessThanOrEqualTo(20 + 10); // the queue plus one batch in flight
        assertThat(s.droppedQueueFull()).isEqualTo(100 - accepted);
        sink.close(Duration.ofMillis(50));
        assertThat(sink.stats().samplesFailed()).as("what was still queued at close is counted").isEqualTo(accepted);
        assertThat(sink.append("anonymous", Labels.of("__name__", "x"), now, 1)).isFalse();
    }
}
