package ai.gatewayz.obs.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.metrics.ingest.OtlpNames.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OtlpNamesTest {
    static Stream<Arguments> metrics() {
        return Stream.of(
                Arguments.argumentSet("histogram in seconds", "http.server.request.duration", "s", Kind.HISTOGRAM,
                        "http_server_request_duration_seconds"),
                Arguments.argumentSet("counter of unit 1", "requests.count", "1", Kind.COUNTER, "requests_count_total"),
                Arguments.argumentSet("gauge of unit 1 is a ratio", "cpu.utilization", "1", Kind.GAUGE, "cpu_utilization_ratio"),
                Arguments.argumentSet("non-monotonic sum of unit 1 is no ratio", "queue.depth", "1", Kind.NON_MONOTONIC_SUM,
                        "queue_depth"),
                Arguments.argumentSet("bytes gauge", "memory.usage", "By", Kind.GAUGE, "memory_usage_bytes"),
                Arguments.argumentSet("per unit", "network.io", "By/s", Kind.COUNTER, "network_io_bytes_per_second_total"),
                Arguments.argumentSet("annotation dropped", "gen_ai.client.token.usage", "{token}", Kind.HISTOGRAM,
                        "gen_ai_client_token_usage"),
                Arguments.argumentSet("annotation per second", "requests", "{request}/s", Kind.GAUGE, "requests_per_second"),
                Arguments.argumentSet("unit already in the name", "latency_seconds", "s", Kind.HISTOGRAM, "latency_seconds"),
                Arguments.argumentSet("total not doubled", "hits_total", "", Kind.COUNTER, "hits_total"),
                Arguments.argumentSet("total moved to the end", "total.hits", "", Kind.COUNTER, "hits_total"),
                Arguments.argumentSet("runs of invalid characters", "a..b--c", "", Kind.GAUGE, "a_b_c"),
                Arguments.argumentSet("colons kept", "ns:metric", "", Kind.GAUGE, "ns:metric"),
                Arguments.argumentSet("leading digit", "5xx.count", "", Kind.GAUGE, "_5xx_count"),
                Arguments.argumentSet("unknown unit kept", "temperature", "degF", Kind.GAUGE, "temperature_degF"),
                Arguments.argumentSet("percent", "disk.used", "%", Kind.GAUGE, "disk_used_percent"),
                Arguments.argumentSet("milliseconds", "gc.pause", "ms", Kind.SUMMARY, "gc_pause_milliseconds"),
                Arguments.argumentSet("nothing valid", "...", "", Kind.GAUGE, ""));
    }

    @ParameterizedTest
    @MethodSource("metrics")
    void metricNames(String name, String unit, Kind kind, String expected) {
        assertThat(OtlpNames.metric(name, unit, kind)).isEqualTo(expected);
    }

    static Stream<Arguments> labels() {
        return Stream.of(
                Arguments.argumentSet("dots", "http.request.method", "http_request_method"),
                Arguments.argumentSet("runs collapse", "a..b", "a_b"),
                Arguments.argumentSet("leading digit", "123abc", "key_123abc"),
                Arguments.argumentSet("reserved kept", "__name__", "__name__"),
                Arguments.argumentSet("single leading underscore kept", "_private", "_private"),
                Arguments.argumentSet("colon is invalid in labels", "a:b", "a_b"),
                Arguments.argumentSet("only underscores", "...", ""),
                Arguments.argumentSet("empty", "", ""));
    }

    @ParameterizedTest
    @MethodSource("labels")
    void labelNames(String key, String expected) {
        assertThat(OtlpNames.label(key)).isEqualTo(expected);
    }

    static Stream<Arguments> units() {
        return Stream.of(
                Arguments.argumentSet("seconds", "s", "seconds"),
                Arguments.argumentSet("dimensionless", "1", ""),
                Arguments.argumentSet("per second", "By/s", "bytes_per_second"),
                Arguments.argumentSet("annotation", "{token}", ""),
                Arguments.argumentSet("only per", "{req}/s", "per_second"));
    }

    @ParameterizedTest
    @MethodSource("units")
    void metadataUnits(String unit, String expected) {
        assertThat(OtlpNames.unit(unit)).isEqualTo(expected);
    }
}
