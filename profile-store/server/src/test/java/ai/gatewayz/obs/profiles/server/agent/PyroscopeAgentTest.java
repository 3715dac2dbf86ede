package ai.gatewayz.obs.profiles.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.proto.pyroscope.QuerierV1;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * PY-1/PY-2 with the real client: pyroscope-java 2.9.2 in a child JVM pushes JFR (multipart with
 * a labels part) to profile-store; the CPU flame graph names the hot method as the top self-time
 * node, the {@code provider} dynamic label separates the two workloads, and so does
 * SelectMergeSpanProfile by the {@code span_id} label each ran under.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "profiles.storage.engine=memory")
class PyroscopeAgentTest {
    static final String CPU = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";

    @LocalServerPort
    int port;

    @Test
    void agentProfilesAreQueryableByDynamicLabel() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AgentWorkload.class.getName(),
                "http://127.0.0.1:" + port, "9").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("agent workload finished").isTrue();
        } finally {
            child.destroyForcibly();
        }
        QuerierV1.FlameGraph openai = flame("{service_name=\"agent-test\", provider=\"openai\"}");
        QuerierV1.FlameGraph anthropic = flame("{service_name=\"agent-test\", provider=\"anthropic\"}");
        assertThat(openai.getTotal()).as("openai samples").isPositive();
        assertThat(topSelf(openai)).endsWith("openAiHotLoop");
        assertThat(topSelf(anthropic)).endsWith("anthropicHotLoop");
        assertThat(openai.getNamesList()).noneMatch(n -> n.endsWith("anthropicHotLoop"));
        assertThat(anthropic.getNamesList()).noneMatch(n -> n.endsWith("openAiHotLoop"));
        QuerierV1.FlameGraph all = flame("{service_name=\"agent-test\", environment=\"test\", pyroscope_spy=\"javaspy\"}");
        assertThat(all.getTotal()).isGreaterThanOrEqualTo(openai.getTotal() + anthropic.getTotal());
        QuerierV1.FlameGraph openaiSpan = spanFlame(AgentWorkload.OPENAI_SPAN);
        QuerierV1.FlameGraph anthropicSpan = spanFlame(AgentWorkload.ANTHROPIC_SPAN);
        assertThat(openaiSpan.getTotal()).isEqualTo(openai.getTotal()); // every sample of that label set carries the span
        assertThat(topSelf(openaiSpan)).endsWith("openAiHotLoop");
        assertThat(openaiSpan.getNamesList()).noneMatch(n -> n.endsWith("anthropicHotLoop"));
        assertThat(anthropicSpan.getTotal()).isEqualTo(anthropic.getTotal());
        assertThat(anthropicSpan.getNamesList()).noneMatch(n -> n.endsWith("openAiHotLoop"));
        assertThat(spanFlame("0000000000000001").getTotal()).isZero();
    }

    QuerierV1.FlameGraph spanFlame(String spanId) throws Exception {
        long now = System.currentTimeMillis();
        byte[] body = post("SelectMergeSpanProfile", QuerierV1.SelectMergeSpanProfileRequest.newBuilder().setProfileTypeID(CPU)
                .setLabelSelector("{service_name=\"agent-test\"}").addSpanSelector(spanId).setStart(now - 600_000).setEnd(now + 60_000)
                .build().toByteArray());
        return QuerierV1.SelectMergeSpanProfileResponse.parseFrom(body).getFlamegraph();
    }

    byte[] post(String method, byte[] body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/querier.v1.QuerierService/" + method))
                .header("Content-Type", "application/proto").header("X-Scope-OrgID", "agent")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try (HttpClient c = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> resp = c.send(r, HttpResponse.BodyHandlers.ofByteArray());
            assertThat(resp.statusCode()).isEqualTo(200);
            return resp.body();
        }
    }

    /** The name of the node with the largest self value. */
    static String topSelf(QuerierV1.FlameGraph g) {
        long best = -1;
        String name = "";
        for (QuerierV1.Level l : g.getLevelsList()) {
            for (int i = 0; i < l.getValuesCount(); i += 4) {
                if (l.getValues(i + 2) > best) {
                    best = l.getValues(i + 2);
                    name = g.getNames((int) l.getValues(i + 3));
                }
            }
        }
        return name;
    }

    QuerierV1.FlameGraph flame(String selector) throws Exception {
        long now = System.currentTimeMillis();
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/querier.v1.QuerierService/SelectMergeStacktraces"))
                .header("Content-Type", "application/proto").header("X-Scope-OrgID", "agent")
                .POST(HttpRequest.BodyPublishers.ofByteArray(QuerierV1.SelectMergeStacktracesRequest.newBuilder()
                        .setProfileTypeID(CPU).setLabelSelector(selector).setStart(now - 600_000).setEnd(now + 60_000)
                        .build().toByteArray())).build();
        try (HttpClient c = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> resp = c.send(r, HttpResponse.BodyHandlers.ofByteArray());
            assertThat(resp.statusCode()).isEqualTo(200);
            return QuerierV1.SelectMergeStacktracesResponse.parseFrom(resp.body()).getFlamegraph();
        }
    }
}
