package ai.gatewayz.obs.sim.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreakerTest {
    private final List<String> transitions = new ArrayList<>();
    private final BreakerListener listener = (p, m, f, t, a) -> transitions.add(p + (m == null ? "" : ":" + m) + " " + f.label() + "->" + t.label() + "@" + a);

    @Test
    void providerBreakerOpensAfterFiveConsecutiveFailuresAndRecoversThroughHalfOpen() {
        ProviderBreaker b = new ProviderBreaker("groq", listener);
        for (int i = 0; i < 4; i++) {
            b.record(false, 1000L * i);
        }
        assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
        b.record(false, 4000);
        assertThat(b.state()).isEqualTo(BreakerState.OPEN);
        assertThat(b.allow(4000 + 59_999)).isFalse();
        assertThat(b.allow(4000 + 60_000)).isTrue();
        assertThat(b.state()).isEqualTo(BreakerState.HALF_OPEN);
        b.record(true, 64_001);
        assertThat(b.state()).isEqualTo(BreakerState.HALF_OPEN);
        b.record(true, 64_002);
        assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(transitions).containsExactly("groq closed->open@4000", "groq open->half_open@64000", "groq half_open->closed@64002");
    }

    @Test
    void providerBreakerOpensOnHalfFailuresInTheWindowAndToleratesTwoHalfOpenFailures() {
        ProviderBreaker b = new ProviderBreaker("openai", listener);
        for (int i = 0; i < 10; i++) {
            b.record(i % 2 == 0, 1000L * i); // 5 of 10 fail, never 5 in a row
        }
        assertThat(b.state()).isEqualTo(BreakerState.OPEN);
        assertThat(b.allow(70_000)).isTrue();
        b.record(false, 70_001);
        b.record(false, 70_002);
        assertThat(b.state()).isEqualTo(BreakerState.HALF_OPEN);
        b.record(false, 70_003);
        assertThat(b.state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void nineCallsHalfFailingDoNotOpenTheWindowRule() {
        ProviderBreaker b = new ProviderBreaker("openai", listener);
        for (int i = 0; i < 9; i++) {
            b.record(i % 2 == 1, 1000L * i);
        }
        assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void modelBreakerOpensAfterFiveFailuresOrThreeSlowSuccessesAndNeedsThreeSuccesses() {
        ModelBreaker b = new ModelBreaker("together", "llama-3.1-70b", listener);
        for (int i = 0; i < 5; i++) {
            b.record(false, 100, 1000L * i);
        }
        assertThat(b.state()).isEqualTo(BreakerState.OPEN);
        assertThat(b.allow(4000 + 299_999)).isFalse();
        assertThat(b.allow(4000 + 300_000)).isTrue();
        b.record(true, 100, 304_001);
        b.record(true, 100, 304_002);
        assertThat(b.state()).isEqualTo(BreakerState.HALF_OPEN);
        b.record(true, 100, 304_003);
        assertThat(b.state()).isEqualTo(BreakerState.CLOSED);

        ModelBreaker slow = new ModelBreaker("together", "llama-3.1-405b", listener);
        slow.record(true, 31_000, 0);
        slow.record(true, 31_000, 1);
        assertThat(slow.state()).isEqualTo(BreakerState.CLOSED);
        slow.record(true, 31_000, 2);
        assertThat(slow.state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void modelBreakerForgetsFailuresFarApart() {
        ModelBreaker b = new ModelBreaker("together", "x", listener);
        for (int i = 0; i < 10; i++) {
            b.record(false, 100, 120_000L * i);
        }
        assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
    }
}
