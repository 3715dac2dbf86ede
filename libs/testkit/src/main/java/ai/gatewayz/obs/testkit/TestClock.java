package ai.gatewayz.obs.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} that only moves when a test says so. Thread-safe: the current instant is held
 * in an atomic so code under test may read it from other threads.
 */
public final class TestClock extends Clock {
    private final AtomicLong millis;

    private TestClock(long startMillis) {
        this.millis = new AtomicLong(startMillis);
    }

    /** A clock standing at {@code start}. */
    public static TestClock at(Instant start) {
        return new TestClock(start.toEpochMilli());
    }

    /** A clock standing at Unix millisecond {@code startMillis}. */
    public static TestClock atMillis(long startMillis) {
        return new TestClock(startMillis);
    }

    public TestClock advance(Duration d) {
        millis.addAndGet(d.toMillis());
        return this;
    }

    public TestClock set(Instant t) {
        millis.set(t.toEpochMilli());
        return this;
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
