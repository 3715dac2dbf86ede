package ai.gatewayz.obs.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StatusTableTest {
    @Test
    void prometheusKindsKeepPrometheusStatuses() {
        assertThat(StatusTable.status(ErrorKind.BAD_DATA)).isEqualTo(400);
        assertThat(StatusTable.status(ErrorKind.EXECUTION)).isEqualTo(422);
        assertThat(StatusTable.status(ErrorKind.CANCELED)).isEqualTo(499);
        assertThat(StatusTable.status(ErrorKind.TIMEOUT)).isEqualTo(503);
        assertThat(StatusTable.status(ErrorKind.INTERNAL)).isEqualTo(500);
        assertThat(StatusTable.status(ErrorKind.UNAVAILABLE)).isEqualTo(503);
        assertThat(StatusTable.status(ErrorKind.NOT_FOUND)).isEqualTo(404);
        assertThat(StatusTable.status(ErrorKind.NOT_ACCEPTABLE)).isEqualTo(406);
        assertThat(StatusTable.status(ErrorKind.TOO_MANY_REQUESTS)).isEqualTo(429);
    }

    @ParameterizedTest
    @EnumSource(ErrorKind.class)
    void everyKindRoundTripsThroughItsStatusExceptSharedOnes(ErrorKind kind) {
        ErrorKind back = StatusTable.kindOf(StatusTable.status(kind));
        // 503 is shared by timeout and unavailable; everything else is one-to-one.
        if (kind == ErrorKind.TIMEOUT) {
            assertThat(back).isEqualTo(ErrorKind.UNAVAILABLE);
        } else {
            assertThat(back).isEqualTo(kind);
        }
    }

    @Test
    void envelopeEscapesLikeGoJson() {
        assertThat(ErrorEnvelope.json(ErrorKind.BAD_DATA, "a \"b\" <c>\n"))
                .isEqualTo("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"a \\\"b\\\" \\u003cc\\u003e\\n\"}");
    }
}
