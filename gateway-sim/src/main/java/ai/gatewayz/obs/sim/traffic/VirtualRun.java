package ai.gatewayz.obs.sim.traffic;

import ai.gatewayz.obs.sim.core.ChatRequest;
import ai.gatewayz.obs.sim.core.GatewaySimulator;
import ai.gatewayz.obs.sim.core.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Drives the simulator in virtual time: requests arrive at exactly {@code rps} per second of the
 * given clock, one after the other, and the clock is advanced by the caller-supplied hook between
 * requests. Used by tests and by the benchmark; the wall-clock driver lives in the Spring layer.
 */
public final class VirtualRun {
    private VirtualRun() {
    }

    /**
     * Runs {@code duration} of traffic starting at sequence {@code firstSeq}; {@code advance} is
     * called with the milliseconds to move the clock before each request. Returns the next sequence number.
     */
    public static long run(GatewaySimulator sim, TrafficGenerator gen, Clock clock, LongConsumer advance, Duration duration,
                           long firstSeq, Consumer<Outcome> sink) {
        double rps = gen.options().requestsPerSecond();
        long n = (long) Math.floor(duration.toMillis() / 1000.0 * rps);
        long seq = firstSeq;
        double carry = 0;
        for (long i = 0; i < n; i++) {
            carry += 1000.0 / rps;
            long step = (long) carry;
            carry -= step;
            advance.accept(step);
            Instant now = clock.instant();
            ChatRequest req = gen.next(seq, sim.scenarios().faultsAt(now));
            sink.accept(sim.handle(seq, req, now));
            seq++;
        }
        return seq;
    }
}
