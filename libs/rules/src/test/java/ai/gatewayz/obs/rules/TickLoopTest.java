package ai.gatewayz.obs.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared evaluation loop: steps repeat, a failing step does not end the loop, close ends it. */
class TickLoopTest {
    @Test
    void stepsRepeatPastAFailingStepAndCloseStopsTheThread() throws Exception {
        AtomicInteger steps = new AtomicInteger();
        CountDownLatch fiveSteps = new CountDownLatch(5);
        Thread[] loopThread = new Thread[1];
        TickLoop loop = TickLoop.start("tick-loop-test", 1, () -> {
            loopThread[0] = Thread.currentThread();
            int n = steps.incrementAndGet();
            fiveSteps.countDown();
            if (n == 2) {
                throw new IllegalStateException("one bad step");
            }
        });
        assertThat(fiveSteps.await(30, TimeUnit.SECONDS)).as("the loop went on after the failing step").isTrue();
        loop.close();
        assertThat(loopThread[0].isAlive()).isFalse();
        assertThat(loopThread[0].getName()).isEqualTo("tick-loop-test");
        assertThat(loopThread[0].isDaemon()).isTrue();
        int after = steps.get();
        loop.close(); // again: harmless
        assertThat(steps.get()).as("no step once closed and joined").isEqualTo(after);
    }
}
