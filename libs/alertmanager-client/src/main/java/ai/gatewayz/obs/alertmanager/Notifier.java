package ai.gatewayz.obs.alertmanager;

import ai.gatewayz.obs.common.Labels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to Alertmanagers the way Prometheus's notifier does: a bounded queue (oldest
 * alerts dropped and counted when full), batches of at most {@code maxBatchSize} posted to every
 * target at once as JSON, no retries (the rule engine re-sends firing alerts after the resend delay),
 * external labels added unless the alert has them. {@link #send} never blocks on the network.
 * Thread-safe.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private volatile NotifierOptions options;
    private final HttpClient http;
    private final ArrayDeque<PostableAlert> queue = new ArrayDeque<>();
    private volatile List<AlertmanagerTarget> targets;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private Thread worker;
    private volatile boolean closed;

    public Notifier(NotifierOptions options, List<AlertmanagerTarget> targets) {
        this.options = options;
        this.targets = List.copyOf(targets);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Replaces the external labels added to alerts (on configuration reload). */
    public void setExternalLabels(Labels l) {
        NotifierOptions o = options;
        options = new NotifierOptions(o.queueCapacity(), o.maxBatchSize(), l, o.userAgent());
    }

    public void setTargets(List<AlertmanagerTarget> t) {
        targets = List.copyOf(t);
    }

    public List<AlertmanagerTarget> targets() {
        return targets;
    }

    /** Queues {@code alerts}; never blocks on the network (a rule engine's alert sink). */
    public void send(List<PostableAlert> alerts) {
        List<PostableAlert> in = new ArrayList<>(alerts.size());
        for (PostableAlert a : alerts) {
            in.add(withExternalLabels(a));
        }
        synchronized (queue) {
            int cap = options.queueCapacity();
            int start = 0;
            if (in.size() > cap) {
                start = in.size() - cap;
                dropped.addAndGet(start);
            }
            int overflow = queue.size() + (in.size() - start) - cap;
            for (int i = 0; i < overflow; i++) {
                queue.pollFirst();
            }
            if (overflow > 0) {
                dropped.addAndGet(overflow);
            }
            for (int i = start; i < in.size(); i++) {
                queue.addLast(in.get(i));
            }
            queue.notifyAll();
        }
    }

    private PostableAlert withExternalLabels(PostableAlert a) {
        Labels ext = options.externalLabels();
        if (ext.isEmpty()) {
            return a;
        }
        Labels.Builder b = a.labels().toBuilder();
        ext.forEach((n, v) -> {
            if (!a.labels().has(n)) {
                b.set(n, v);
            }
        });
        return a.withLabels(b.build());
    }

    /** Sends everything queued now, batch by batch, waiting for each post; for tests and shutdown. */
    public void flush() {
        while (true) {
            List<PostableAlert> batch = nextBatch();
            if (batch.isEmpty()) {
                return;
            }
            post(batch);
        }
    }

    private List<PostableAlert> nextBatch() {
        synchronized (queue) {
            int n = Math.min(queue.size(), options.maxBatchSize());
            List<PostableAlert> b = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                b.add(queue.pollFirst());
            }
            return b;
        }
    }

    private void post(List<PostableAlert> batch) {
        List<AlertmanagerTarget> ts = targets;
        if (ts.isEmpty()) {
            return;
        }
        batches.incrementAndGet();
        String body = AlertJson.encode(batch);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (AlertmanagerTarget t : ts) {
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(t.alertsUrl()))
                    .timeout(Duration.ofMillis(t.timeoutMs()))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", options.userAgent())
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (t.authorization() != null) {
                rb.header("Authorization", t.authorization());
            }
            all.add(http.sendAsync(rb.build(), HttpResponse.BodyHandlers.ofString()).handle((r, ex) -> {
                if (ex != null || r.statusCode() / 100 != 2) {
                    errors.addAndGet(batch.size());
                    LOG.warn("error sending alerts [alertmanager={}, count={}, error={}]", t.alertsUrl(), batch.size(),
                            ex != null ? ex.toString() : "bad response status " + r.statusCode() + ": " + r.body());
                } else {
                    sent.addAndGet(batch.size());
                }
                return null;
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }

    /** Starts the delivery thread. */
    public synchronized void start() {
        if (worker != null) {
            return;
        }
        worker = Thread.ofPlatform().daemon().name("alert-notifier").start(() -> {
            while (!closed) {
                synchronized (queue) {
                    while (queue.isEmpty() && !closed) {
                        try {
                            queue.wait(1000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                try {
                    flush();
                } catch (RuntimeException e) {
                    LOG.warn("alert delivery failed", e);
                }
            }
        });
    }

    public int queueLength() {
        synchronized (queue) {
            return queue.size();
        }
    }

    public long dropped() {
        return dropped.get();
    }

    /** Alerts successfully delivered (counted once per target). */
    public long sent() {
        return sent.get();
    }

    public long errors() {
        return errors.get();
    }

    public long batches() {
        return batches.get();
    }

    @Override
    public void close() {
        closed = true;
        synchronized (queue) {
            queue.notifyAll();
        }
        Thread w = worker;
        if (w != null) {
            w.interrupt();
        }
    }
}
