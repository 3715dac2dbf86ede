package ai.gatewayz.obs.logs.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.observe.CommitListener.Committed;
import ai.gatewayz.obs.logs.storage.LogEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Mining off the ingest thread: a push is handed to the mining thread and the pushing thread goes
 * on; when the bounded queue is full the push is dropped and its lines counted, never mined on the
 * pushing thread; what was queued is mined in order.
 */
class PatternMinerQueueTest {
    static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");
    static final long NOW_NS = NOW.getEpochSecond() * 1_000_000_000L;
    static final Labels STREAM = Labels.of("service_name", "api");

    static List<Committed> push(String template, int n, int offset) {
        List<Committed> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long ts = NOW_NS - Duration.ofMinutes(30).toNanos() + (offset + i) * 1_000_000_000L;
            out.add(new Committed(STREAM, new LogEntry(ts, template.formatted(offset + i), Labels.of("detected_level", "info"))));
        }
        return out;
    }

    @Test
    void aFullQueueDropsThePushAndCountsItsLinesWhileIngestGoesOn() throws Exception {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        PatternMiner m = new PatternMiner(new PatternOptions(0.5, 300, 128, Duration.ofSeconds(10), Duration.ofHours(1)), clock);
        CountDownLatch took = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        m.startAsync(1, () -> {
            took.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        m.committed("t", push("GET /orders/%d took 5ms", 10, 0)); // taken by the miner, which is held
        took.await();
        m.committed("t", push("user %d logged in", 7, 100));     // waits in the queue (capacity 1)
        m.committed("t", push("cache miss for key k%d", 5, 200)); // queue full: dropped, the caller is not held
        assertThat(m.droppedLines()).isEqualTo(5);
        assertThat(m.clusters("t")).as("nothing mined on the pushing thread").isZero();
        release.countDown();
        m.drain();
        List<PatternSeries> got = m.query("t", List.of(LabelMatcher.eq("service_name", "api")), NOW_NS - Duration.ofHours(1).toNanos(),
                NOW_NS, Duration.ofMinutes(5).toNanos(), 100);
        assertThat(got).extracting(PatternSeries::pattern, PatternSeries::total)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GET /<_> took <_>", 10L),
                        org.assertj.core.groups.Tuple.tuple("user <_> logged in", 7L));
        assertThat(m.droppedLines()).isEqualTo(5);
        m.close();
    }

    @Test
    void withoutAMiningThreadEveryPushIsMinedInline() {
        PatternMiner m = new PatternMiner(PatternOptions.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));
        m.committed("t", push("GET /orders/%d took 5ms", 10, 0));
        assertThat(m.clusters("t")).isEqualTo(1);
        assertThat(m.droppedLines()).isZero();
        assertThat(m.miningCpuNanos()).isZero();
    }
}
