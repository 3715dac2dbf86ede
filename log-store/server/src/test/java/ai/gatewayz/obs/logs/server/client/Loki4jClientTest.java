package ai.gatewayz.obs.logs.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.logs.server.LokiHttp;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.read.ListAppender;
import com.github.loki4j.logback.Loki4jAppender;
import com.github.loki4j.logback.PipelineConfigAppenderBase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real client: loki4j's logback appender (JSON, its default, and protobuf with loki-protobuf)
 * pushes to the server on its on-disk storage; every event reads back through query_range with
 * its nanosecond timestamp, stream labels and structured metadata (categorize-labels encoding).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class Loki4jClientTest {
    private static final int EVENTS = 300;

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry r) {
        r.add("suite.data-dir", () -> data.toString());
    }

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "protobuf={0}")
    @ValueSource(booleans = {false, true})
    void everyEventReadsBackWithNanosLabelsAndMetadata(boolean protobuf) throws Exception {
        String tenant = protobuf ? "loki4j-proto" : "loki4j-json";
        LoggerContext ctx = new LoggerContext();
        ctx.setMDCAdapter(new LogbackMDCAdapter()); // a private context, so the test's MDC is its own
        ctx.start();
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(ctx);
        seen.start();
        Loki4jAppender loki = new Loki4jAppender();
        loki.setContext(ctx);
        loki.setName("loki");
        PipelineConfigAppenderBase.HttpCfg http = new PipelineConfigAppenderBase.HttpCfg();
        http.setUrl("http://127.0.0.1:" + port + "/loki/api/v1/push");
        http.setTenantId(tenant);
        http.setUseProtobufApi(protobuf);
        loki.setHttp(http);
        PipelineConfigAppenderBase.BatchCfg batch = new PipelineConfigAppenderBase.BatchCfg();
        batch.setMaxItems(64);
        batch.setTimeoutMs(200);
        batch.setDrainOnStop(true);
        loki.setBatch(batch);
        loki.setLabels("app=checkout\nservice=gateway\nlevel=%level");
        loki.setStructuredMetadata("trace_id=%mdc{trace_id}\nuser=%mdc{user}");
        PatternLayout layout = new PatternLayout();
        layout.setContext(ctx);
        layout.setPattern("%msg");
        layout.start();
        loki.setMessage(layout);
        loki.start();
        Logger log = ctx.getLogger("checkout");
        log.addAppender(seen);
        log.addAppender(loki);
        log.setAdditive(false);
        for (int i = 0; i < EVENTS; i++) {
            ctx.getMDCAdapter().put("trace_id", String.format("%032x", i));
            ctx.getMDCAdapter().put("user", "u" + (i % 7));
            if (i % 10 == 0) {
                log.warn("slow upstream provider=openai latency_ms={} n={}", 1000 + i, i);
            } else {
                log.info("request done status=200 n={} ünïcode \"quoted\"", i);
            }
        }
        loki.stop(); // drains: every batch is sent and answered before stop returns
        ctx.stop();
        assertThat(seen.list).hasSize(EVENTS);

        Map<String, Want> want = new HashMap<>();
        long minNanos = Long.MAX_VALUE;
        long maxNanos = Long.MIN_VALUE;
        for (ILoggingEvent e : seen.list) {
            Instant t = e.getInstant();
            long ns = t.getEpochSecond() * 1_000_000_000L + t.getNano();
            minNanos = Math.min(minNanos, ns);
            maxNanos = Math.max(maxNanos, ns);
            want.put(e.getFormattedMessage(), new Want(ns, e.getLevel().toString(), e.getMDCPropertyMap().get("trace_id"),
                    e.getMDCPropertyMap().get("user")));
        }

        String q = "/loki/api/v1/query_range?direction=forward&limit=5000&query=" + LokiHttp.enc("{app=\"checkout\"}")
                + "&start=" + (minNanos - 1) + "&end=" + (maxNanos + 1);
        LokiHttp.Response r = new LokiHttp(port).get(q, Map.of("X-Scope-OrgID", tenant,
                "X-Loki-Response-Encoding-Flags", "categorize-labels"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode result = JsonMapper.builder().build().readTree(r.body()).path("data").path("result");
        List<String> problems = new ArrayList<>();
        int got = 0;
        for (JsonNode stream : result) {
            JsonNode labels = stream.path("stream");
            for (JsonNode v : stream.path("values")) {
                got++;
                String line = v.get(1).asString();
                Want w = want.get(line);
                if (w == null) {
                    problems.add("unexpected line " + line);
                    continue;
                }
                JsonNode md = v.get(2).path("structuredMetadata");
                String actual = v.get(0).asString() + " app=" + labels.path("app").asString() + " service="
                        + labels.path("service").asString() + " level=" + labels.path("level").asString()
                        + " trace_id=" + md.path("trace_id").asString() + " user=" + md.path("user").asString();
                String expected = w.nanos + " app=checkout service=gateway level=" + w.level + " trace_id=" + w.traceId
                        + " user=" + w.user;
                if (!actual.equals(expected)) {
                    problems.add(line + ": got " + actual + ", want " + expected);
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(got).isEqualTo(EVENTS);
    }

    private record Want(long nanos, String level, String traceId, String user) {
    }
}
