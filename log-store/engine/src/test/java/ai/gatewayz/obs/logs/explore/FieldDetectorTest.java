package ai.gatewayz.obs.logs.explore;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.ingest.Discovery;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Field types, parsers, JSON paths and widening of the field detector; klog level headers. */
class FieldDetectorTest {
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"200,int", "-7,int", "1.5,float", "1e3,float", "true,boolean", "false,boolean", "12ms,duration",
            "1h30m,duration", "10KB,bytes", "5 MiB,bytes", "openai,string", "NaN,string", "'',string", "99999999999999999999,float"})
    void typesAreDetectedInLokisOrder(String value, String type) {
        assertThat(FieldType.of(value).wire()).isEqualTo(type);
    }

    @Test
    void jsonLeavesGetPathsMetadataHasNoParserAndTypesWiden() {
        FieldDetector d = new FieldDetector();
        d.add("{\"a\":{\"b\":1},\"c\":[1,2],\"d\":\"x\"}", Labels.of("trace_id", "abc"));
        d.add("{\"a\":{\"b\":2.5},\"d\":\"y\"}", Labels.EMPTY);
        d.add("a_b=oops d=x", Labels.EMPTY);
        assertThat(d.fields(10)).containsExactly(
                new DetectedField("a_b", FieldType.STRING, 3, List.of("json", "logfmt"), List.of("a", "b")),
                new DetectedField("d", FieldType.STRING, 2, List.of("json", "logfmt"), List.of("d")),
                new DetectedField("trace_id", FieldType.STRING, 1, null, null));
        assertThat(d.values("a_b", 2)).containsExactly("1", "2.5");
        assertThat(d.fields(1)).hasSize(1);
    }

    @Test
    void intAndFloatWidenToFloat() {
        FieldDetector d = new FieldDetector();
        d.add("n=1", Labels.EMPTY);
        d.add("n=1.5", Labels.EMPTY);
        assertThat(d.fields(10)).containsExactly(new DetectedField("n", FieldType.FLOAT, 2, List.of("logfmt"), null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"I0223 01:11:35.888571     903 x.go:1] started|info", "W0101 00:00:00 x] slow|warn",
            "E0222 12:52:43.002962 1601 log.go:32] failed|error", "F0222 12:00:00 x] boom|critical", "I02 not klog|unknown"})
    void klogHeadersGiveTheLevel(String line, String level) {
        assertThat(Discovery.detectLevel(Labels.EMPTY, Labels.EMPTY, line)).isEqualTo(level);
    }
}
