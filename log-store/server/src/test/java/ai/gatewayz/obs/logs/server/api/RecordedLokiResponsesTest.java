package ai.gatewayz.obs.logs.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.logql.LogqlResult;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.testkit.Peers;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Responses recorded from a real Loki (../shared/corpora/logql-oteldb/loki-responses, one per
 * resultType) are decoded into our result model and encoded again by {@link LokiJson}: the
 * {@code data} we write must equal Loki's shape for shape and value for value (key order inside
 * {@code data}, numbers as seconds, sample values and ns timestamps as strings); only the order of
 * labels inside one stream or series is free (Loki's follows Go map order). Loki's recording
 * has no {@code stats}; ours always carries an empty one, so it is left out of the comparison.
 */
class RecordedLokiResponsesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"streams", "matrix", "vector", "scalar"})
    void ourEncodingOfLokisAnswerIsLokisAnswer(String type) throws IOException {
        Path file = Peers.corpus("logql-oteldb").resolve("loki-responses").resolve(type).resolve("1.json");
        JsonNode loki = JSON.readTree(Files.readString(file));
        LogqlResult model = decode(loki.path("data"));
        JsonNode ours = JSON.readTree(LokiJson.result(model, false));
        assertThat(ours.path("status").asString()).isEqualTo("success");
        ObjectNode data = ((ObjectNode) ours.path("data")).deepCopy();
        data.remove("stats");
        assertThat(data.propertyNames()).containsExactlyElementsOf(loki.path("data").propertyNames());
        assertThat(data.toString()).isEqualTo(sortedLabels(loki.path("data").deepCopy()).toString());
    }

    /** Loki writes the labels of a stream or series in no fixed order (Go map order); ours are sorted. */
    private static JsonNode sortedLabels(JsonNode data) {
        for (JsonNode r : data.path("result")) {
            for (String key : List.of("stream", "metric")) {
                if (r.has(key)) {
                    java.util.TreeMap<String, JsonNode> sorted = new java.util.TreeMap<>();
                    r.path(key).properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
                    ObjectNode o = (ObjectNode) r.path(key);
                    o.removeAll();
                    sorted.forEach(o::set);
                }
            }
        }
        return data;
    }

    private static LogqlResult decode(JsonNode data) {
        JsonNode result = data.path("result");
        return switch (data.path("resultType").asString()) {
            case "streams" -> {
                List<LogqlResult.Stream> streams = new ArrayList<>();
                for (JsonNode s : result) {
                    List<LogEntry> entries = new ArrayList<>();
                    List<Labels> parsed = new ArrayList<>();
                    for (JsonNode v : s.path("values")) {
                        entries.add(new LogEntry(Long.parseLong(v.get(0).asString()), v.get(1).asString(), Labels.EMPTY));
                        parsed.add(Labels.EMPTY);
                    }
                    streams.add(new LogqlResult.Stream(labels(s.path("stream")), entries, parsed));
                }
                yield new LogqlResult.Streams(streams);
            }
            case "matrix" -> {
                List<LogqlResult.Series> series = new ArrayList<>();
                for (JsonNode s : result) {
                    JsonNode vs = s.path("values");
                    long[] ts = new long[vs.size()];
                    double[] values = new double[vs.size()];
                    for (int i = 0; i < vs.size(); i++) {
                        ts[i] = millis(vs.get(i).get(0));
                        values[i] = Double.parseDouble(vs.get(i).get(1).asString());
                    }
                    series.add(new LogqlResult.Series(labels(s.path("metric")), ts, values));
                }
                yield new LogqlResult.Matrix(series);
            }
            case "vector" -> {
                List<LogqlResult.Sample> samples = new ArrayList<>();
                for (JsonNode s : result) {
                    samples.add(new LogqlResult.Sample(labels(s.path("metric")), millis(s.path("value").get(0)),
                            Double.parseDouble(s.path("value").get(1).asString())));
                }
                yield new LogqlResult.Vector(samples);
            }
            case "scalar" -> new LogqlResult.Scalar(millis(result.get(0)), Double.parseDouble(result.get(1).asString()));
            default -> throw new IllegalArgumentException("unknown resultType in " + data);
        };
    }

    private static long millis(JsonNode seconds) {
        return new BigDecimal(seconds.asString()).movePointRight(3).longValueExact();
    }

    private static Labels labels(JsonNode o) {
        Labels.Builder b = Labels.builder();
        o.properties().forEach(e -> b.set(e.getKey(), e.getValue().asString()));
        return b.build();
    }
}
