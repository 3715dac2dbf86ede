package ai.gatewayz.obs.logs.explore;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Loki's relevance filter of /detected_labels, case by case: a label's values, and whether Loki reports it. */
class DetectedLabelsTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("one text value: reported (Loki 3.2 dropped the cardinality filter)", "app", List.of("api"), true),
                Arguments.of("text values", "app", List.of("api", "worker", "router"), true),
                Arguments.of("numbers only: ids", "pid", List.of("311", "4012", "77"), false),
                Arguments.of("one number", "port", List.of("8080"), false),
                Arguments.of("two numbers", "port", List.of("8080", "9090"), false),
                Arguments.of("Go floats and exponents are numbers", "ratio", List.of("0.5", "1e3", "-2.25"), false),
                Arguments.of("Go's Inf and NaN spellings are numbers", "score", List.of("Inf", "NaN", "+inf"), false),
                Arguments.of("hex float literal is a Go number", "addr", List.of("0x1p-2", "0x10", "12"), false),
                Arguments.of("flag 0/1 kept", "canary", List.of("0", "1"), true),
                Arguments.of("single flag value 1 kept", "canary", List.of("1"), true),
                Arguments.of("single flag value 0 kept", "canary", List.of("0"), true),
                Arguments.of("three values 0/1/2 are ids", "shard", List.of("0", "1", "2"), false),
                Arguments.of("flag and another number are ids", "shard", List.of("1", "7"), false),
                Arguments.of("hyphenated UUIDs", "request", List.of("0b7c1f0e-7e3a-4f7e-9d3c-2a4f1c9e8b11",
                        "6F9619FF-8B86-D011-B42D-00CF4FC964FF"), false),
                Arguments.of("UUIDs without hyphens, in braces, as URNs", "request", List.of("0b7c1f0e7e3a4f7e9d3c2a4f1c9e8b11",
                        "{0b7c1f0e-7e3a-4f7e-9d3c-2a4f1c9e8b11}", "urn:uuid:0b7c1f0e-7e3a-4f7e-9d3c-2a4f1c9e8b11"), false),
                Arguments.of("one text value among ids keeps the label", "pod_id", List.of("1", "2", "pending"), true),
                Arguments.of("'1d' is not a Go float", "retention", List.of("1d", "7"), true),
                Arguments.of("hex that is not a UUID is text", "commit", List.of("deadbeef", "c0ffee"), true),
                Arguments.of("static label with number values kept", "instance", List.of("1", "2", "3"), true),
                Arguments.of("static namespace kept", "namespace", List.of("42"), true),
                Arguments.of("static pod kept", "pod", List.of("0b7c1f0e-7e3a-4f7e-9d3c-2a4f1c9e8b11"), true),
                Arguments.of("static cluster kept", "cluster", List.of("7"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void lokiKeepsOrDropsTheLabel(String why, String name, List<String> values, boolean reported) {
        List<Labels> series = new ArrayList<>();
        for (String v : values) {
            series.add(Labels.of("service_name", "api", name, v));
        }
        Map<String, Integer> got = DetectedLabels.of(series);
        if (reported) {
            assertThat(got).containsEntry(name, values.size());
        } else {
            assertThat(got).doesNotContainKey(name);
        }
        assertThat(got).containsEntry("service_name", 1);
    }

    @Test
    void cardinalityCountsDistinctValuesAcrossSeriesAndSkipsInternalNames() {
        List<Labels> series = List.of(Labels.of("app", "api", "env", "prod", "__stream_shard__", "1"),
                Labels.of("app", "api", "env", "dev"), Labels.of("app", "worker", "env", "prod"), Labels.of("app", "router"));
        assertThat(DetectedLabels.of(series)).containsExactly(Map.entry("app", 3), Map.entry("env", 2));
        assertThat(DetectedLabels.of(List.of())).isEmpty();
    }
}
