package ai.gatewayz.obs.traces.generator;

import static ai.gatewayz.obs.traces.generator.GenSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.traces.model.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The generator's feed: batches copied and fed in order on its thread, drops counted when full, drained on close. */
class AsyncFeedTest {
    static List<Span> spans(int n) {
        List<Span> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(span("a", 1, i + 1, 0, "op", Span.KIND_SERVER, 0, 1_000, 1));
        }
        return out;
    }

    @Test
    void whenTheGeneratorFallsBehindBatchesAreDroppedAndCountedThenTheRestIsDrainedOnClose() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        List<Integer> fed = new CopyOnWriteArrayList<>();
        AsyncFeed feed = new AsyncFeed((tenant, s) -> {
            busy.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            fed.add(s.size());
        }, t -> true, 2);
        feed.append("anonymous", spans(1));
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue(); // the thread holds batch 1
        feed.append("anonymous", spans(2));
        feed.append("anonymous", spans(3));
        feed.append("anonymous", spans(4)); // queue (2) full: dropped
        feed.append("anonymous", spans(5)); // dropped
        assertThat(feed.droppedSpans()).isEqualTo(9);
        assertThat(feed.pending()).isEqualTo(2);
        release.countDown();
        feed.close();
        assertThat(fed).containsExactly(1, 2, 3);
    }

    @Test
    void theCallersListIsCopiedAndTenantsWithoutProcessorsAreNotQueued() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        AsyncFeed feed = new AsyncFeed((tenant, s) -> seen.add(tenant + ":" + s.size()), t -> !t.equals("off"), 8);
        List<Span> reused = new ArrayList<>(spans(3));
        feed.append("anonymous", reused);
        reused.clear(); // the receiver may reuse its list once append returns
        feed.append("off", spans(2));
        feed.append("anonymous", List.of());
        feed.close();
        assertThat(seen).containsExactly("anonymous:3");
        assertThat(feed.droppedSpans()).isZero();
    }
}
