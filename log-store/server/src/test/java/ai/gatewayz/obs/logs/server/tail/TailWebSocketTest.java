package ai.gatewayz.obs.logs.server.tail;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.logs.server.LokiHttp;
import ai.gatewayz.obs.logs.tail.TailHub;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Live tail with the JDK's own WebSocket client (java.net.http): every line pushed after the tail
 * opened arrives, in order, through the LogQL pipeline of the query; a client that stops reading
 * gets {@code dropped_entries} for what did not fit its bounded queue, and every pushed entry is
 * either delivered or reported dropped; bad queries are refused with 400 before any upgrade.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "log.explore.tail-max-buffered-entries=100", "log.explore.tail-max-entries-per-message=50",
        "log.push.defaults.ingestion-rate=1GB", "log.push.defaults.ingestion-burst=1GB",
        "log.push.defaults.per-stream-rate=1GB", "log.push.defaults.per-stream-burst=1GB"})
class TailWebSocketTest {
    @LocalServerPort
    int port;

    @Autowired
    TailHub hub;

    /** Collects the messages of one tail; reads only as far as it is asked to. */
    static final class Client implements WebSocket.Listener {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final boolean autoRead;
        private final StringBuilder partial = new StringBuilder();
        volatile WebSocket ws;

        Client(boolean autoRead) {
            this.autoRead = autoRead;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            ws = webSocket;
            if (autoRead) {
                webSocket.request(1);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        List<String[]> entries() {
            List<String[]> out = new ArrayList<>();
            for (String m : messages) {
                for (JsonElement s : JsonParser.parseString(m).getAsJsonObject().getAsJsonArray("streams")) {
                    for (JsonElement v : s.getAsJsonObject().getAsJsonArray("values")) {
                        JsonArray a = v.getAsJsonArray();
                        out.add(new String[] {a.get(0).getAsString(), a.get(1).getAsString()});
                    }
                }
            }
            return out;
        }

        long dropped() {
            long n = 0;
            for (String m : messages) {
                JsonObject o = JsonParser.parseString(m).getAsJsonObject();
                n += o.getAsJsonArray("dropped_entries").size();
            }
            return n;
        }
    }

    private Client connect(String tenant, String query, boolean autoRead) throws Exception {
        return connect(tenant, query, "", autoRead);
    }

    private Client connect(String tenant, String query, String extra, boolean autoRead) throws Exception {
        Client c = new Client(autoRead);
        HttpClient.newHttpClient().newWebSocketBuilder().header("X-Scope-OrgID", tenant).connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/loki/api/v1/tail?query=" + LokiHttp.enc(query) + extra), c)
                .get(10, TimeUnit.SECONDS);
        await(() -> hub.open(tenant) == 1, "tail registered");
        return c;
    }

    private static void await(BooleanSupplier cond, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!cond.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private void push(String tenant, String app, long firstNs, int n, String linePrefix, int pad) {
        StringBuilder sb = new StringBuilder("{\"streams\":[{\"stream\":{\"app\":\"" + app + "\"},\"values\":[");
        String padding = "x".repeat(pad);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("[\"").append(firstNs + i).append("\",\"").append(linePrefix).append(i).append(padding).append("\"]");
        }
        sb.append("]}]}");
        LokiHttp.Response r = new LokiHttp(port).postJson("/loki/api/v1/push", sb.toString(), tenant);
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }

    private static long now() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    @Test
    void everyLinePushedAfterConnectArrivesInOrder() throws Exception {
        String tenant = "tail-order";
        push(tenant, "tail", now() - 5_000_000_000L, 3, "before ", 0);
        Client c = connect(tenant, "{app=\"tail\"}", true);
        long t0 = now();
        for (int b = 0; b < 5; b++) {
            push(tenant, "tail", t0 + b * 1000, 20, "batch" + b + " line ", 0);
        }
        await(() -> c.entries().size() >= 100, "100 entries");
        List<String[]> got = c.entries();
        assertThat(got).hasSize(100);
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)[1]).isEqualTo("batch" + i / 20 + " line " + i % 20);
            assertThat(Long.parseLong(got.get(i)[0])).isEqualTo(t0 + (i / 20) * 1000 + i % 20);
        }
        assertThat(c.dropped()).isZero();
        assertThat(c.messages.getFirst()).as("structured metadata folded into the stream, as Loki tails without categorize-labels")
                .startsWith("{\"streams\":[{\"stream\":{\"app\":\"tail\",\"detected_level\":\"unknown\",\"service_name\":\"tail\"},\"values\":[[\"");
        c.ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        await(() -> hub.open(tenant) == 0, "tail closed");
    }

    @Test
    void startSendsHistoryFirstThenLiveLinesAndDelayForHoldsThemBack() throws Exception {
        String tenant = "tail-start";
        long t0 = now() - 60_000_000_000L;
        push(tenant, "tail", t0, 5, "old ", 0);
        Client c = connect(tenant, "{app=\"tail\"}", "&start=" + (t0 + 2) + "&limit=2&delay_for=1", true);
        // the history is sent by the tail's own thread after the upgrade: wait for it, then check it is exactly this
        await(() -> c.entries().size() >= 2, "the history");
        assertThat(c.entries()).extracting(e -> e[1]).as("history since start, at most limit, oldest first")
                .containsExactly("old 2", "old 3");
        long pushed = System.nanoTime();
        push(tenant, "tail", now(), 1, "new ", 0);
        await(() -> c.entries().size() == 3, "the live line");
        assertThat(System.nanoTime() - pushed).as("delay_for=1 holds a line back about a second").isGreaterThan(900_000_000L);
        assertThat(c.entries().get(2)[1]).isEqualTo("new 0");
        c.ws.abort();
    }

    @Test
    void thePipelineOfTheQueryFiltersWhatIsSent() throws Exception {
        String tenant = "tail-filter";
        Client c = connect(tenant, "{app=\"tail\"} |= \"keep\" | logfmt | n > 2", true);
        long t0 = now();
        StringBuilder sb = new StringBuilder("{\"streams\":[{\"stream\":{\"app\":\"tail\"},\"values\":[");
        for (int i = 0; i < 6; i++) {
            sb.append(i > 0 ? "," : "").append("[\"").append(t0 + i).append("\",\"").append(i % 2 == 0 ? "keep" : "drop")
                    .append(" n=").append(i).append("\"]");
        }
        sb.append("]},{\"stream\":{\"app\":\"other\"},\"values\":[[\"").append(t0).append("\",\"keep n=9\"]]}]}");
        assertThat(new LokiHttp(port).postJson("/loki/api/v1/push", sb.toString(), tenant).status()).isEqualTo(204);
        // a later push that passes the filter marks the end: anything wrongly kept from the first push comes before it
        String marker = "{\"streams\":[{\"stream\":{\"app\":\"tail\"},\"values\":[[\"" + (t0 + 100) + "\",\"keep n=99\"]]}]}";
        assertThat(new LokiHttp(port).postJson("/loki/api/v1/push", marker, tenant).status()).isEqualTo(204);
        await(() -> c.entries().stream().anyMatch(e -> e[1].equals("keep n=99")), "the marker line");
        assertThat(c.entries()).extracting(e -> e[1]).containsExactly("keep n=4", "keep n=99");
        c.ws.abort();
    }

    @Test
    void aStalledClientGetsDroppedEntriesInsteadOfUnboundedBuffering() throws Exception {
        String tenant = "tail-stall";
        Client c = connect(tenant, "{app=\"flood\"}", false);
        long t0 = now();
        int pushes = 40;
        int perPush = 250;
        for (int p = 0; p < pushes; p++) {
            push(tenant, "flood", t0 + (long) p * perPush, perPush, "line ", 1000);
        }
        int total = pushes * perPush;
        c.ws.request(Long.MAX_VALUE);
        await(() -> c.entries().size() + c.dropped() >= total, "every entry delivered or reported dropped");
        List<String[]> got = c.entries();
        assertThat(c.dropped()).as("entries reported dropped").isPositive();
        assertThat(got.size() + c.dropped()).isEqualTo(total);
        for (int i = 1; i < got.size(); i++) {
            assertThat(Long.parseLong(got.get(i)[0])).isGreaterThan(Long.parseLong(got.get(i - 1)[0]));
        }
        c.ws.abort();
    }

    @Test
    void badTailRequestsAre400BeforeAnyUpgrade() throws Exception {
        LokiHttp http = new LokiHttp(port);
        assertThat(http.get("/loki/api/v1/tail?query=" + LokiHttp.enc("rate({a=\"b\"}[1m])")).body().strip())
                .isEqualTo("tail needs a log query, not a metric query [query=rate({a=\"b\"}[1m])]");
        assertThat(http.get("/loki/api/v1/tail?query=" + LokiHttp.enc("{a=\"b\"}") + "&delay_for=9").body().strip())
                .isEqualTo("delay_for is out of range [delay_for=9, max=5]");
        LokiHttp.Response noUpgrade = http.get("/loki/api/v1/tail?query=" + LokiHttp.enc("{a=\"b\"}"));
        assertThat(noUpgrade.status()).isEqualTo(400);
        assertThat(noUpgrade.body().strip()).isEqualTo("tail needs a WebSocket upgrade [header=Upgrade]");
        CompletableFuture<WebSocket> bad = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/loki/api/v1/tail?query=" + LokiHttp.enc("{a=")), new Client(true));
        assertThat(bad).failsWithin(Duration.ofSeconds(10));
    }
}
