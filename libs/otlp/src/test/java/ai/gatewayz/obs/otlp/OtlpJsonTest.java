package ai.gatewayz.obs.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {
    private static final String TRACE = "5b8efff798038103d269b633813fc60c";
    private static final String SPAN = "eee19b7ec3c1b174";

    @Test
    void idsAreHexInBothDirections() {
        String json = "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"m\",\"gauge\":{\"dataPoints\":[{"
                + "\"asDouble\":1.5,\"exemplars\":[{\"asDouble\":2,\"traceId\":\"" + TRACE + "\",\"spanId\":\"" + SPAN
                + "\"}]}]}}]}]}],\"unknownField\":1}";
        ExportMetricsServiceRequest req = OtlpJson.parse(json, ExportMetricsServiceRequest.newBuilder(), "ExportMetricsServiceRequest").build();
        Exemplar e = req.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0).getGauge().getDataPoints(0).getExemplars(0);
        assertThat(HexFormat.of().formatHex(e.getTraceId().toByteArray())).isEqualTo(TRACE);
        assertThat(HexFormat.of().formatHex(e.getSpanId().toByteArray())).isEqualTo(SPAN);
        assertThat(OtlpJson.print(req)).contains("\"traceId\":\"" + TRACE + "\"").contains("\"spanId\":\"" + SPAN + "\"");
    }

    @Test
    void refusesNonHexIds() {
        String json = "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"gauge\":{\"dataPoints\":[{\"exemplars\":[{\"spanId\":\"xyz1\"}]}]}}]}]}]}";
        assertThatThrownBy(() -> OtlpJson.parse(json, ExportMetricsServiceRequest.newBuilder(), "ExportMetricsServiceRequest"))
                .isInstanceOfSatisfying(SuiteException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_DATA);
                    assertThat(e.getMessage()).isEqualTo("OTLP/JSON id is not hex [field=spanId, value=xyz1]");
                });
    }

    @Test
    void refusesBrokenJsonNamingTheMessage() {
        assertThatThrownBy(() -> OtlpJson.parse("[1]", ExportMetricsServiceRequest.newBuilder(), "ExportMetricsServiceRequest"))
                .hasMessage("cannot decode OTLP/JSON ExportMetricsServiceRequest [error=body is not a JSON object]");
        assertThatThrownBy(() -> OtlpJson.parse("{\"resourceMetrics\":7}", ExportMetricsServiceRequest.newBuilder(), "ExportMetricsServiceRequest"))
                .hasMessageStartingWith("cannot decode OTLP/JSON ExportMetricsServiceRequest [error=");
    }

    @Test
    void rpcStatusEncodings() {
        assertThat(RpcStatus.json(3, "bad \"x\"")).isEqualTo("{\"code\":3,\"message\":\"bad \\\"x\\\"\"}");
        // field 1 varint 3, field 2 length-delimited "ab"
        assertThat(RpcStatus.protobuf(3, "ab")).containsExactly(0x08, 0x03, 0x12, 0x02, 'a', 'b');
        assertThat(RpcStatus.code(ErrorKind.TOO_MANY_REQUESTS)).isEqualTo(8);
        assertThat(RpcStatus.code(ErrorKind.UNAVAILABLE)).isEqualTo(14);
    }
}
