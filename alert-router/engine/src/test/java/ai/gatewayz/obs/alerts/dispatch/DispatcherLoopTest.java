package ai.gatewayz.obs.alerts.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.alerts.AlertRouter;
import ai.gatewayz.obs.alerts.PostableAlert;
import ai.gatewayz.obs.alerts.RouterOptions;
import ai.gatewayz.obs.alerts.config.ConfigLoader;
import ai.gatewayz.obs.testkit.TestClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real timer loop, executor and group-committed logs under concurrent posters: every new
 * group is notified exactly once (no lost wake-up between the lock-free inbox and the loop, no
 * duplicate), at most the configured number of sends run at once per integration, the routing
 * delay is reported for each notification, and a restart after close sends nothing again.
 */
class DispatcherLoopTest {
    private static final String CONFIG = """
            global:
              smtp_smarthost: 'localhost:25'
              smtp_from: 'am@example.org'
            route:
              receiver: ops
              group_by: [alertname]
              group_wait: 0s
              group_interval: 1m
              repeat_interval: 4h
            receivers:
              - name: ops
                email_configs: [{to: ops@example.org}]
            """;

    private final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxSeen = new AtomicInteger();

    private AlertRouter open(Path dir, ExecutorService executor) {
        return open(dir, executor, Clock.systemUTC(), true);
    }

    private AlertRouter open(Path dir, java.util.concurrent.Executor executor, Clock clock, boolean runLoop) {
        ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);
        RouterOptions o = RouterOptions.defaults(dir);
        o = new RouterOptions(o.dataDir(), o.externalUrl(), o.silenceRetentionMs(), o.nflogRetentionMs(), o.resolvedRetentionMs(),
                o.maxAttempts(), o.userAgent(), 4);
        AlertRouter r = new AlertRouter(o, clock, loader, in -> n -> {
            int now = inFlight.incrementAndGet();
            maxSeen.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(1);
                sent.computeIfAbsent(n.groupKey(), k -> new AtomicInteger()).incrementAndGet();
            } finally {
                inFlight.decrementAndGet();
            }
        }, executor, Thread::sleep);
        r.start(loader.load(CONFIG), runLoop);
        return r;
    }

    @Test
    void concurrentPostersEachGroupNotifiedOnce(@TempDir Path dir) throws Exception {
        int posters = 4;
        int batches = 25;
        int perBatch = 20;
        int total = posters * batches * perBatch;
        AtomicLong routed = new AtomicLong();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            AlertRouter router = open(dir, executor);
            router.dispatcher().observeDelays(new Dispatcher.DelayObserver() {
                @Override
                public void routed(long delayMs) {
                    routed.incrementAndGet();
                }

                @Override
                public void delivered(long delayMs) {
                }
            });
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < posters; p++) {
                int pp = p;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int b = 0; b < batches; b++) {
                        List<PostableAlert> batch = new ArrayList<>();
                        for (int i = 0; i < perBatch; i++) {
                            long now = System.currentTimeMillis();
                            batch.add(new PostableAlert(Map.of("alertname", "a" + pp + "_" + b + "_" + i), Map.of(), now,
                                    now + 3_600_000L, ""));
                        }
                        assertThat(router.post(batch)).isEmpty();
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (sent.size() < total && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            // close() waits for every flush handed to the executor: after it no send can still
            // arrive, so the counts below are final and a duplicate cannot slip in afterwards.
            assertThat(router.dispatcher().groupCount()).isEqualTo(total);
            router.close();
            assertThat(sent).hasSize(total);
            assertThat(sent.values()).allMatch(c -> c.get() == 1);
            assertThat(maxSeen.get()).isLessThanOrEqualTo(4);
            assertThat(routed.get()).isEqualTo(total);

            // The restart runs in virtual time on the calling thread: past group_wait and a whole
            // group_interval every rebuilt group has been due, so a lost nflog would have re-sent.
            TestClock clock = TestClock.atMillis(System.currentTimeMillis());
            AlertRouter again = open(dir, Runnable::run, clock, false);
            assertThat(again.dispatcher().groupCount()).as("groups rebuilt from alerts.log").isEqualTo(total);
            for (int step = 0; step < 4; step++) {
                again.dispatcher().runDue();
                clock.advance(Duration.ofSeconds(40));
            }
            assertThat(sent.values()).as("nflog survived the restart: nothing sent twice").allMatch(c -> c.get() == 1);
            again.close();
        }
    }
}
