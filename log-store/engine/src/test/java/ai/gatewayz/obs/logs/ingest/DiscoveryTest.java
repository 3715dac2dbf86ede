package ai.gatewayz.obs.logs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DiscoveryTest {
    @Test
    void serviceNameComesFromTheFirstPresentSourceLabel() {
        assertThat(Discovery.withServiceName(Labels.of("job", "j", "app", "a")).get("service_name")).isEqualTo("a");
        assertThat(Discovery.withServiceName(Labels.of("service", "s", "app", "a")).get("service_name")).isEqualTo("s");
        assertThat(Discovery.withServiceName(Labels.of("container", "c")).get("service_name")).isEqualTo("c");
        assertThat(Discovery.withServiceName(Labels.of("host", "h")).get("service_name")).isEqualTo("unknown_service");
        assertThat(Discovery.withServiceName(Labels.of("service_name", "kept", "app", "a")).get("service_name")).isEqualTo("kept");
    }

    static Stream<Arguments> levels() {
        return Stream.of(
                Arguments.of("label", Labels.of("level", "WARNING"), Labels.EMPTY, "x", "warn"),
                Arguments.of("metadata", Labels.EMPTY, Labels.of("severity", "err"), "x", "error"),
                Arguments.of("json key", Labels.EMPTY, Labels.EMPTY, "{\"ts\":1,\"level\":\"debug\",\"msg\":\"m\"}", "debug"),
                Arguments.of("logfmt key", Labels.EMPTY, Labels.EMPTY, "ts=1 lvl=info msg=m", "info"),
                Arguments.of("logfmt quoted", Labels.EMPTY, Labels.EMPTY, "level=\"fatal\" msg=m", "critical"),
                Arguments.of("word", Labels.EMPTY, Labels.EMPTY, "2024-01-01 ERROR upstream timed out", "error"),
                Arguments.of("word inside another word is not a level", Labels.EMPTY, Labels.EMPTY, "terrors happen", "unknown"),
                Arguments.of("nothing", Labels.EMPTY, Labels.EMPTY, "GET /health 200", "unknown"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("levels")
    void detectedLevel(String name, Labels stream, Labels md, String line, String want) {
        assertThat(Discovery.detectLevel(stream, md, line)).isEqualTo(want);
    }
}
