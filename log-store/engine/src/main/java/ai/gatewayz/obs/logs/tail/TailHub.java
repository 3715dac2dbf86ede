package ai.gatewayz.obs.logs.tail;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.logql.LogqlOptions;
import ai.gatewayz.obs.logs.logql.LogqlRequest;
import ai.gatewayz.obs.logs.logql.LogqlResult;
import ai.gatewayz.obs.logs.logql.ast.Expr;
import ai.gatewayz.obs.logs.logql.ast.LogQuery;
import ai.gatewayz.obs.logs.observe.CommitListener;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live tailing: the registry of open tails, fed with every committed push. A push is run through
 * each matching tail's LogQL pipeline (the query engine itself, over a querier of the push alone)
 * and the kept entries are queued on that tail; each tail sends from its own virtual thread, so a
 * slow client slows nobody else. Thread-safe; {@link #close()} ends every tail.
 */
public final class TailHub implements CommitListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TailHub.class);
    private static final long STEP = 1_000_000_000L;

    private final TailOptions options;
    private final Clock clock;
    private final LogqlEngine engine;
    private final ConcurrentHashMap<String, CopyOnWriteArrayList<TailSubscription>> byTenant = new ConcurrentHashMap<>();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    public TailHub(TailOptions options, LogqlOptions queryOptions, Clock clock) {
        this.options = options;
        this.clock = clock;
        // a push may hold more entries than a query's limit; the tail keeps them all
        this.engine = new LogqlEngine(new LogqlOptions(queryOptions.maxSeries(), Integer.MAX_VALUE));
    }

    /** The selector of a tail query; throws BAD_DATA for a parse error or a metric query. */
    public static List<LabelMatcher> selector(String query) {
        Expr e = LogqlEngine.parse(query);
        if (!(e instanceof LogQuery lq)) {
            throw TailErrors.notALogQuery(query);
        }
        return lq.matchers();
    }

    /** Checks a tail request before the transport commits to it; throws BAD_DATA naming the bad value. */
    public List<LabelMatcher> validate(String query, long delayForSeconds) {
        List<LabelMatcher> matchers = selector(query);
        if (delayForSeconds < 0 || delayForSeconds > options.maxDelayForSeconds()) {
            throw TailErrors.delayTooLong(delayForSeconds, options.maxDelayForSeconds());
        }
        return matchers;
    }

    /**
     * Opens a tail: validates it, sends the history since {@code startNanos} (when not null, at most
     * {@code limit} entries, oldest first) read through {@code history}, then follows new pushes.
     */
    public TailSubscription open(String tenant, String query, long delayForSeconds, Long startNanos, int limit,
            LogQuerier history, TailSink sink) throws IOException {
        List<LabelMatcher> matchers = validate(query, delayForSeconds);
        CopyOnWriteArrayList<TailSubscription> subs = byTenant.computeIfAbsent(tenant, t -> new CopyOnWriteArrayList<>());
        if (subs.size() >= options.maxTailsPerTenant()) {
            throw TailErrors.tooManyTails(tenant, options.maxTailsPerTenant());
        }
        TailSubscription s = new TailSubscription(tenant, query, matchers, delayForSeconds * 1000, options, sink, clock);
        subs.add(s);
        try {
            if (startNanos != null && history != null) {
                long now = clock.millis() * 1_000_000L;
                LogqlResult r = engine.evaluate(history,
                        new LogqlRequest(query, startNanos, Math.max(now, startNanos), STEP, Direction.FORWARD, limit));
                if (r instanceof LogqlResult.Streams st) {
                    s.sendNow(st);
                }
            }
        } catch (IOException | RuntimeException e) {
            close(s);
            throw e;
        }
        senders.submit(() -> {
            try {
                s.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                close(s);
            }
        });
        return s;
    }

    /** Ends a tail (the client left or its sink failed). */
    public void close(TailSubscription s) {
        s.close();
        CopyOnWriteArrayList<TailSubscription> subs = byTenant.get(s.tenant);
        if (subs != null) {
            subs.remove(s);
        }
    }

    /** Open tails of a tenant. */
    public int open(String tenant) {
        CopyOnWriteArrayList<TailSubscription> subs = byTenant.get(tenant);
        return subs == null ? 0 : subs.size();
    }

    @Override
    public void committed(String tenant, List<Committed> entries) {
        CopyOnWriteArrayList<TailSubscription> subs = byTenant.get(tenant);
        if (subs == null || subs.isEmpty()) {
            return;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Committed c : entries) {
            min = Math.min(min, c.entry().timestampNanos());
            max = Math.max(max, c.entry().timestampNanos());
        }
        BatchQuerier batch = new BatchQuerier(entries);
        for (TailSubscription s : subs) {
            if (!batch.anyMatch(s.matchers)) {
                continue;
            }
            try {
                LogqlResult r = engine.evaluate(batch,
                        new LogqlRequest(s.query, min, max + 1, STEP, Direction.FORWARD, entries.size()));
                if (r instanceof LogqlResult.Streams st) {
                    s.offer(st);
                }
            } catch (RuntimeException e) {
                log.warn("tail pipeline failed; closing the tail [tenant={}, query={}]", tenant, s.query, e);
                close(s);
            }
        }
    }

    @Override
    public void close() {
        byTenant.values().forEach(l -> l.forEach(TailSubscription::close));
        byTenant.clear();
        senders.shutdownNow();
    }
}
