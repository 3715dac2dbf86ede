package ai.gatewayz.obs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    @Test
    void startsFullAndRefusesMoreThanItHolds() {
        TokenBucket b = new TokenBucket(100, 300, 0);
        assertThat(b.tryTake(301, 0)).isFalse();
        assertThat(b.available(0)).isEqualTo(300);
        assertThat(b.tryTake(300, 0)).isTrue();
        assertThat(b.tryTake(1, 0)).isFalse();
    }

    @Test
    void refillsAtTheRateUpToTheBurst() {
        TokenBucket b = new TokenBucket(100, 300, 0);
        b.tryTake(300, 0);
        assertThat(b.tryTake(51, 500)).isFalse();
        assertThat(b.tryTake(50, 500)).isTrue();
        assertThat(b.available(60_000)).isEqualTo(300);
    }

    @Test
    void timeGoingBackwardsDoesNotRefill() {
        TokenBucket b = new TokenBucket(100, 100, 1000);
        b.tryTake(100, 1000);
        assertThat(b.available(0)).isZero();
        assertThat(b.available(1000)).isZero();
    }

    @Test
    void burstIsAtLeastOneSecondOfRate() {
        assertThat(new TokenBucket(1000, 10, 0).available(0)).isEqualTo(1000);
    }

    @Test
    void rateMustBePositive() {
        assertThatThrownBy(() -> new TokenBucket(0, 10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rate must be positive [rate=0]");
    }
}
