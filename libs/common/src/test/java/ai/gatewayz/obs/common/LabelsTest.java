package ai.gatewayz.obs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelsTest {
    @Test
    void sortsByNameAndDropsEmptyValues() {
        Labels l = Labels.of("job", "api", "__name__", "up", "empty", "", "instance", "a:1");
        assertThat(l.size()).isEqualTo(3);
        assertThat(l.name(0)).isEqualTo("__name__");
        assertThat(l.name(1)).isEqualTo("instance");
        assertThat(l.name(2)).isEqualTo("job");
        assertThat(l.has("empty")).isFalse();
        assertThat(l.get("missing")).isEmpty();
        assertThat(l.metricName()).isEqualTo("up");
    }

    @Test
    void laterDuplicateWins() {
        assertThat(Labels.of("a", "1", "a", "2").get("a")).isEqualTo("2");
    }

    @Test
    void rendersLikePrometheusWithEscapes() {
        Labels l = Labels.of("b", "x\"y", "a", "line\nbreak\\");
        assertThat(l).hasToString("{a=\"line\\nbreak\\\\\", b=\"x\\\"y\"}");
        assertThat(Labels.EMPTY).hasToString("{}");
    }

    @Test
    void equalityHashAndOrderFollowContent() {
        Labels a = Labels.of("x", "1", "y", "2");
        Labels b = Labels.builder().set("y", "2").set("x", "1").build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.hash64()).isEqualTo(b.hash64());
        assertThat(a.hash64()).isNotEqualTo(Labels.of("x", "1", "y", "3").hash64());
        // Pairwise comparison, then length: a prefix sorts first.
        assertThat(Labels.of("x", "1").compareTo(a)).isNegative();
        assertThat(Labels.of("x", "2").compareTo(a)).isPositive();
        assertThat(a.compareTo(b)).isZero();
    }

    @Test
    void builderDerivesAndRemoves() {
        Labels base = Labels.of("__name__", "up", "job", "a");
        Labels derived = base.toBuilder().del("__name__").set("env", "prod").build();
        assertThat(derived).isEqualTo(Labels.of("env", "prod", "job", "a"));
        assertThat(base.metricName()).isEqualTo("up");
    }

    @Test
    void oddArgumentCountIsRejected() {
        assertThatThrownBy(() -> Labels.of("a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("odd number of label arguments [count=1]");
    }
}
