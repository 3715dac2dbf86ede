package ai.gatewayz.obs.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.storage.wal.SegmentedLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client with a queue log, restarted mid-stream against metrics-store's receiver that records
 * every (series, timestamp) it accepted: what was acknowledged before the restart is not sent again,
 * what was still owed (the receiver answering 503) is sent after it, once.
 */
class QueueLogRestartTest {
    private static final long T0 = System.currentTimeMillis() - 60_000;
    private static final int SERIES = 30;

    private static RemoteWriteOptions options(InProcessReceiver r, int shards) {
        return RemoteWriteOptions.defaults(r.url()).withQueue(shards, 1000, 50, 10).withBackoff(5, 20);
    }

    /** Samples at steps {@code [from, to)} of every series, appended as one batch per step. */
    private static void append(RemoteWriteClient c, int from, int to) {
        for (int step = from; step < to; step++) {
            Labels[] l = new Labels[SERIES];
            long[] t = new long[SERIES];
            long[] v = new long[SERIES];
            for (int s = 0; s < SERIES; s++) {
                l[s] = Labels.of("__name__", "loki:queue_test", "series", Integer.toString(s));
                t[s] = T0 + step * 1000L;
                v[s] = Double.doubleToRawLongBits(step + s / 100.0);
            }
            assertThat(c.appendAll(l, t, v, SERIES)).isEqualTo(SERIES);
        }
    }

    private static Set<String> expected(int from, int to) {
        Set<String> out = new HashSet<>();
        for (int step = from; step < to; step++) {
            for (int s = 0; s < SERIES; s++) {
                out.add("{__name__=loki:queue_test,series=" + s + "}@" + (T0 + step * 1000L));
            }
        }
        return out;
    }

    private static void awaitRetrying(RemoteWriteClient c) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (c.stats().samplesRetried() == 0) {
            assertThat(System.currentTimeMillis()).as("the client retries the refused batch").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void aRestartSendsWhatWasOwedOnceAndNothingAcknowledgedAgain(@TempDir Path dir) throws Exception {
        try (InProcessReceiver r = new InProcessReceiver()) {
            RemoteWriteClient first = new RemoteWriteClient(options(r, 2), Clock.systemUTC(), dir);
            append(first, 0, 10);
            assertThat(first.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(r.delivered).hasSize(300);

            r.failNext(Integer.MAX_VALUE, 503, null);
            append(first, 10, 17);
            awaitRetrying(first);
            first.close(Duration.ZERO); // stops mid-retry: nothing of steps 10-16 was acknowledged
            assertThat(r.delivered).hasSize(300);

            r.failNext(0, 503, null);
            try (RemoteWriteClient second = new RemoteWriteClient(options(r, 2), Clock.systemUTC(), dir)) {
                assertThat(second.pending()).isEqualTo(210);
                assertThat(second.flush(Duration.ofSeconds(20))).isTrue();
                assertThat(second.stats().samplesSent()).isEqualTo(210);
                append(second, 17, 20);
                assertThat(second.flush(Duration.ofSeconds(20))).isTrue();
            }
            assertThat(new HashSet<>(r.delivered)).as("no (series, timestamp) twice").hasSameSizeAs(r.delivered);
            assertThat(new HashSet<>(r.delivered)).isEqualTo(expected(0, 20));

            try (RemoteWriteClient third = new RemoteWriteClient(options(r, 2), Clock.systemUTC(), dir)) {
                assertThat(third.pending()).as("everything was acknowledged").isZero();
            }
        }
    }

    @Test
    void whatIsOwedIsSentAlsoWhenTheShardCountChanged(@TempDir Path dir) throws Exception {
        try (InProcessReceiver r = new InProcessReceiver()) {
            RemoteWriteClient first = new RemoteWriteClient(options(r, 2), Clock.systemUTC(), dir);
            append(first, 0, 4);
            assertThat(first.flush(Duration.ofSeconds(20))).isTrue();
            r.failNext(Integer.MAX_VALUE, 503, null);
            append(first, 4, 8);
            awaitRetrying(first);
            first.close(Duration.ZERO);
            r.failNext(0, 503, null);
            try (RemoteWriteClient second = new RemoteWriteClient(options(r, 3), Clock.systemUTC(), dir)) {
                assertThat(second.pending()).isEqualTo(120);
                assertThat(second.flush(Duration.ofSeconds(20))).isTrue();
            }
            assertThat(r.delivered).hasSize(240);
            assertThat(new HashSet<>(r.delivered)).isEqualTo(expected(0, 8));
        }
    }

    @Test
    void owedSamplesBeyondTheQueueCapacityAreDroppedOldestFirstAndCounted(@TempDir Path dir) throws Exception {
        try (InProcessReceiver r = new InProcessReceiver()) {
            r.failNext(Integer.MAX_VALUE, 503, null);
            RemoteWriteClient first = new RemoteWriteClient(options(r, 1), Clock.systemUTC(), dir);
            append(first, 0, 20); // 600 queued
            awaitRetrying(first);
            first.close(Duration.ZERO);
            r.failNext(0, 503, null);
            RemoteWriteOptions small = RemoteWriteOptions.defaults(r.url()).withQueue(1, 240, 50, 10).withBackoff(5, 20);
            try (RemoteWriteClient second = new RemoteWriteClient(small, Clock.systemUTC(), dir)) {
                assertThat(second.stats().droppedQueueFull()).isEqualTo(360);
                assertThat(second.flush(Duration.ofSeconds(20))).isTrue();
            }
            assertThat(new HashSet<>(r.delivered)).isEqualTo(expected(12, 20));
        }
    }

    @Test
    void segmentsWhoseSamplesWereAllSentAreDeleted(@TempDir Path dir) throws Exception {
        try (InProcessReceiver r = new InProcessReceiver();
                RemoteWriteClient c = new RemoteWriteClient(options(r, 2), Clock.systemUTC(), dir, 16 << 10)) {
            for (int round = 0; round < 20; round++) {
                append(c, round * 10, round * 10 + 10);
                assertThat(c.flush(Duration.ofSeconds(20))).isTrue();
            }
            assertThat(r.delivered).hasSize(6000);
            append(c, 200, 201); // a done record after the last rotation lets the segments before go
            assertThat(c.flush(Duration.ofSeconds(20))).isTrue();
            List<Integer> segments = SegmentedLog.listSegments(dir);
            long bytes;
            try (Stream<Path> s = Files.list(dir)) {
                bytes = s.mapToLong(p -> p.toFile().length()).sum();
            }
            assertThat(segments).as("segments left of %s", new ArrayList<>(segments)).hasSizeLessThanOrEqualTo(2);
            assertThat(bytes).isLessThan(64 << 10);
        }
    }

    @Test
    void aLogThatCannotBeReadIsMovedAsideAndTheClientStartsEmpty(@TempDir Path root) throws Exception {
        Path dir = root.resolve("queue");
        try (InProcessReceiver r = new InProcessReceiver()) {
            r.failNext(Integer.MAX_VALUE, 503, null);
            RemoteWriteClient first = new RemoteWriteClient(options(r, 1), Clock.systemUTC(), dir);
            append(first, 0, 2);
            awaitRetrying(first);
            first.close(Duration.ZERO);
            // the checkpoint is never repaired, only trusted whole: a flipped byte makes the log unreadable
            Path cp = SegmentedLog.checkpointPath(dir, SegmentedLog.latestCheckpoint(dir));
            byte[] b = Files.readAllBytes(cp);
            b[b.length - 3] ^= 0x55;
            Files.write(cp, b);
            r.failNext(0, 503, null);
            try (RemoteWriteClient second = new RemoteWriteClient(options(r, 1), Clock.systemUTC(), dir)) {
                assertThat(second.pending()).isZero();
                assertThat(second.stats().lastError()).startsWith("queue log unreadable, moved aside");
                append(second, 2, 3);
                assertThat(second.flush(Duration.ofSeconds(20))).isTrue();
            }
            try (Stream<Path> s = Files.list(root)) {
                assertThat(s.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("queue.damaged-"));
            }
            assertThat(new HashSet<>(r.delivered)).isEqualTo(expected(2, 3));
        }
    }
}
