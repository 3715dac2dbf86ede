package ai.gatewayz.obs.metrics.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import ai.gatewayz.obs.rules.VectorSample;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules entry point: instant query to vector, scalar as one unlabeled sample, errors typed. */
class PromqlQueryFuncTest {
    private final PromqlQueryFunc func = new PromqlQueryFunc();

    private MemoryStorage storage() {
        MemoryStorage s = new MemoryStorage();
        Appender a = s.appender();
        for (int i = 0; i <= 10; i++) {
            a.append(0, Labels.of("__name__", "errors_total", "job", "api"), i * 60_000L, i * 6.0);
        }
        a.commit();
        return s;
    }

    @Test
    void vectorResult() {
        List<VectorSample> r = func.query(storage(), "rate(errors_total[5m]) > 0", 600_000);
        assertThat(r).containsExactly(new VectorSample(Labels.of("job", "api"), 600_000, 0.1));
    }

    @Test
    void scalarBecomesOneSampleWithEmptyLabels() {
        assertThat(func.query(storage(), "1 + 1", 1000)).containsExactly(new VectorSample(Labels.EMPTY, 1000, 2));
    }

    @Test
    void errorsAreTyped() {
        assertThatThrownBy(() -> func.query(storage(), "rate(", 0))
                .isInstanceOf(SuiteException.class)
                .satisfies(e -> assertThat(((SuiteException) e).kind()).isEqualTo(ErrorKind.BAD_DATA));
        assertThatThrownBy(() -> func.query(storage(), "errors_total[5m]", 0))
                .satisfies(e -> assertThat(((SuiteException) e).kind()).isEqualTo(ErrorKind.EXECUTION));
    }
}
