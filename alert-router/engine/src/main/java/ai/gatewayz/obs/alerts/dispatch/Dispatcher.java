package ai.gatewayz.obs.alerts.dispatch;

import ai.gatewayz.obs.alerts.config.AlertmanagerConfig;
import ai.gatewayz.obs.alerts.config.Route;
import ai.gatewayz.obs.alerts.config.TimeInterval;
import ai.gatewayz.obs.alerts.model.Alert;
import ai.gatewayz.obs.alerts.model.Fingerprints;
import ai.gatewayz.obs.alerts.notify.Integration;
import ai.gatewayz.obs.alerts.notify.Notification;
import ai.gatewayz.obs.alerts.notify.Notifier;
import ai.gatewayz.obs.alerts.store.NotificationLog;
import ai.gatewayz.obs.common.Labels;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes alerts into aggregation groups and flushes each group on Alertmanager's timers: first
 * after {@code group_wait}, then every {@code group_interval}; an unchanged group is re-sent only
 * after {@code repeat_interval} (decided by the {@link NotificationLog}). Muted (silenced or
 * inhibited) alerts are dropped per flush; resolved alerts are removed from a group once notified.
 *
 * <p>Time comes only from the injected {@link Clock}; {@link #runDue()} does the due work and tells
 * when to call again, so tests drive it in virtual time and production runs it from
 * {@link #start()}'s loop thread. Due groups sit in one priority queue ordered by due time (one
 * timer loop for all groups, no thread waits per group). New alerts ({@link #add}) and finished
 * sends arrive through lock-free queues that the holder of the dispatcher's lock drains (the loop,
 * or an API read), so callers never wait for the loop and the loop never waits for them. A due
 * group is planned and its notification built on the loop, then sent as one task on the
 * injected {@link Executor}; each integration has at most {@code maxInFlight} sends at a time.
 * Thread-safe.
 *
 * <p><b>Routing delay</b> of a notification is the time from the moment its group was due (the
 * first alert's acceptance plus {@code group_wait}, or the previous flush plus
 * {@code group_interval}) to the moment the built notification is handed to its integration (it
 * then waits for one of the integration's in-flight slots and is sent); <b>delivery delay</b> runs
 * to the moment the integration's {@link Notifier} returned successfully (webhook 2xx, SMTP
 * accepted), so it includes waiting for a slot, retries and the receiver's answer.
 * Both are reported to the {@link DelayObserver} once per notification.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /** Whether an alert is silenced or inhibited at {@code now}. */
    @FunctionalInterface
    public interface Muter {
        boolean muted(Alert a, long now);
    }

    /** Waits between delivery retries; tests pass a no-op. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    /** Receives the routing and delivery delay of every notification, in milliseconds beyond its due time. */
    public interface DelayObserver {
        void routed(long delayMs);

        void delivered(long delayMs);

        DelayObserver NONE = new DelayObserver() {
            @Override
            public void routed(long delayMs) {
            }

            @Override
            public void delivered(long delayMs) {
            }
        };
    }

    /** Counters of delivered and failed notifications, per integration type. */
    public record Stats(AtomicLong sent, AtomicLong failed) {
    }

    /** A bound integration: its identity and its notifier. */
    public record Bound(Integration integration, Notifier notifier) {
    }

    /** A read-only view of one group for the API. */
    public record GroupView(Labels groupLabels, String receiver, String groupKey, List<Alert> alerts) {
    }

    private final Clock clock;
    private final Executor executor;
    private final NotificationLog nflog;
    private final Muter muter;
    private final Sleeper sleeper;
    private final String externalUrl;
    private final int maxAttempts;
    private final Stats stats = new Stats(new AtomicLong(), new AtomicLong());
    private volatile DelayObserver delays = DelayObserver.NONE;

    /** Per integration id: bounds its concurrent sends so a burst of new groups cannot flood one receiver. */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.Semaphore> sendPermits =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final int maxInFlight;
    /** Flushes handed to the executor and not finished yet; {@link #close} waits for them. */
    private final java.util.concurrent.atomic.AtomicInteger flushing = new java.util.concurrent.atomic.AtomicInteger();

    private final Object lock = new Object();
    private final Map<String, AggregationGroup> groups = new HashMap<>();
    /** Due times of groups, lazily invalidated: an entry counts only while it equals the group's nextFlush. */
    private final java.util.PriorityQueue<Due> queue = new java.util.PriorityQueue<>();

    private record Due(long at, AggregationGroup ag) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            return Long.compare(at, o.at);
        }
    }
    private volatile AlertmanagerConfig config;
    private Map<String, List<Bound>> integrations = Map.of();
    private long generation;

    /** New alerts and finished flushes, handed to whoever next holds {@code lock} (normally the timer loop). */
    private record Incoming(List<Alert> alerts, long now) {
    }

    private record Finished(DueFlush flush, boolean ok) {
    }

    private final java.util.concurrent.ConcurrentLinkedQueue<Incoming> inbox = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<Finished> finished = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** When the sleeping loop will wake on its own; Long.MIN_VALUE while it is awake. */
    private volatile long plannedWake = Long.MIN_VALUE;
    private volatile boolean woken;
    private volatile boolean running;
    private volatile Thread loop;

    public Dispatcher(Clock clock, Executor executor, NotificationLog nflog, Muter muter, Sleeper sleeper,
                      String externalUrl, int maxAttempts, int maxInFlight) {
        this.clock = clock;
        this.executor = executor;
        this.nflog = nflog;
        this.muter = muter;
        this.sleeper = sleeper;
        this.externalUrl = externalUrl;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.maxInFlight = Math.max(1, maxInFlight);
    }

    /** Sets who receives the routing and delivery delays (the server's histograms). */
    public void observeDelays(DelayObserver observer) {
        this.delays = observer == null ? DelayObserver.NONE : observer;
    }

    public Stats stats() {
        return stats;
    }

    /**
     * Installs a (new) configuration and rebuilds every group from {@code alerts}, as Alertmanager
     * does on start and reload. With {@code recovering}, a group is due at the earliest
     * {@code startsAt + group_wait} of its alerts instead of a full wait from now.
     */
    public void apply(AlertmanagerConfig cfg, Map<String, List<Bound>> bound, Collection<Alert> alerts, boolean recovering) {
        synchronized (lock) {
            drainLocked();
            config = cfg;
            integrations = Map.copyOf(bound);
            groups.clear();
            queue.clear();
            generation++;
            long now = clock.millis();
            for (Alert a : alerts) {
                route(a, now, recovering);
            }
        }
        wake();
    }

    /**
     * Queues new or updated alerts for routing and wakes the timer loop; they are routed into
     * their groups by the next holder of the dispatcher's lock (the loop, a runDue call or an API
     * read), so a POST never waits for the dispatcher and the loop never waits for a POST.
     */
    public void add(List<Alert> alerts) {
        if (config == null) {
            return;
        }
        inbox.add(new Incoming(alerts, clock.millis()));
        wake();
    }

    /** Routes queued alerts and ends finished flushes; caller holds {@code lock}. */
    private void drainLocked() {
        Incoming in;
        while ((in = inbox.poll()) != null) {
            if (config != null) {
                for (Alert a : in.alerts()) {
                    route(a, in.now(), false);
                }
            }
        }
        Finished f;
        while ((f = finished.poll()) != null) {
            finishLocked(f.flush(), f.ok());
        }
    }

    /** Returns true when a group became due earlier than before (the loop should re-plan). */
    private boolean route(Alert a, long now, boolean recovering) {
        boolean changed = false;
        for (Route r : config.route().match(a.labels())) {
            Labels gl = r.groupLabels(a.labels());
            String key = r.id() + '\u0000' + gl;
            AggregationGroup ag = groups.get(key);
            if (ag == null) {
                ag = new AggregationGroup(r, gl, now, key);
                groups.put(key, ag);
                changed = true;
            }
            long before = ag.nextFlush;
            boolean fresh = ag.alerts.isEmpty() && !ag.hasFlushed;
            ag.insert(a, now, recovering);
            if (fresh || ag.nextFlush < before) {
                queue.add(new Due(ag.nextFlush, ag));
                changed = true;
            }
        }
        return changed;
    }

    /** The receivers' names an alert routes to, in routing order (duplicates kept, as Alertmanager lists them). */
    public List<String> receiversOf(Labels labels) {
        AlertmanagerConfig c;
        synchronized (lock) {
            c = config;
        }
        if (c == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Route r : c.route().match(labels)) {
            out.add(r.receiver());
        }
        return out;
    }

    /** One due group taken off the queue, with what its flush needs. */
    private record DueFlush(AggregationGroup ag, List<Alert> snapshot, List<Bound> targets, long now, long gen, long dueAt) {
    }

    /** What one integration of a flushing group must do: send {@code notification} (null: only nothing) and log. */
    private record Planned(Bound bound, String key, long[] firing, long[] resolved, Notification notification) {
    }

    /**
     * Flushes every due group and returns the next due time in millis. The caller's thread (the
     * timer loop) decides, in due order, what each group sends and builds the notifications (no
     * I/O); only the sends and their bookkeeping run on the executor, so a group's routing delay
     * does not include other groups' deliveries.
     */
    public long runDue() {
        List<DueFlush> due = new ArrayList<>();
        long next;
        synchronized (lock) {
            drainLocked();
            long now = clock.millis();
            while (!queue.isEmpty() && queue.peek().at() <= now) {
                Due d = queue.poll();
                AggregationGroup ag = d.ag();
                if (ag.nextFlush != d.at() || ag.inFlight || groups.get(ag.mapKey) != ag) {
                    continue; // stale entry; an in-flight group re-queues itself when done
                }
                ag.hasFlushed = true;
                long dueAt = d.at();
                ag.nextFlush = now + ag.route.groupIntervalMs();
                queue.add(new Due(ag.nextFlush, ag));
                if (ag.alerts.isEmpty()) {
                    continue;
                }
                ag.inFlight = true;
                List<Alert> snapshot = new ArrayList<>(ag.alerts.values());
                long gen = generation;
                List<Bound> targets = integrations.getOrDefault(ag.route.receiver(), List.of());
                due.add(new DueFlush(ag, snapshot, targets, now, gen, dueAt));
            }
            next = queue.isEmpty() ? Long.MAX_VALUE : queue.peek().at();
        }
        for (DueFlush f : due) {
            List<Planned> plan;
            try {
                plan = plan(f);
            } catch (RuntimeException e) {
                log.error("flush failed [group={}]", f.ag().groupKey, e);
                finish(f, false);
                continue;
            }
            flushing.incrementAndGet();
            try {
                executor.execute(() -> {
                    try {
                        send(f, plan);
                    } finally {
                        flushing.decrementAndGet();
                    }
                });
            } catch (RuntimeException e) {
                flushing.decrementAndGet();
                log.error("flush not started [group={}]", f.ag().groupKey, e);
                finish(f, false);
            }
        }
        return next;
    }

    /** Decides per integration whether to notify (nflog, mutes) and builds the notification. */
    private List<Planned> plan(DueFlush f) {
        if (timeMuted(f.ag().route, f.now())) {
            return List.of();
        }
        f.snapshot().sort(ALERT_ORDER);
        List<Planned> out = new ArrayList<>(f.targets().size());
        for (Bound b : f.targets()) {
            Planned p = planOne(f.ag(), b, f.snapshot(), f.now());
            if (p != null) {
                if (p.notification() != null) {
                    delays.routed(Math.max(0, clock.millis() - f.dueAt()));
                }
                out.add(p);
            }
        }
        return out;
    }

    private void send(DueFlush f, List<Planned> plan) {
        boolean ok = true;
        try {
            for (Planned p : plan) {
                if (p.notification() != null
                        && !deliver(p.bound(), p.notification(), f.now() + Math.max(f.ag().route.groupIntervalMs(), 1000), f.dueAt())) {
                    ok = false;
                    continue;
                }
                nflog.log(p.key(), p.firing(), p.resolved(), f.now());
            }
        } catch (RuntimeException e) {
            log.error("flush failed [group={}]", f.ag().groupKey, e);
            ok = false;
        } finally {
            finish(f, ok);
        }
    }

    /** Hands a finished flush to the loop; wakes it only when it would otherwise sleep past the group's next due time. */
    private void finish(DueFlush f, boolean ok) {
        finished.add(new Finished(f, ok));
        long pw = plannedWake;
        if (pw != Long.MIN_VALUE && f.now() + f.ag().route.groupIntervalMs() < pw) {
            wake();
        }
    }

    /** Ends a flush: resolved alerts leave the group once notified, an empty group is dropped, else re-queued. */
    private void finishLocked(DueFlush f, boolean ok) {
        AggregationGroup ag = f.ag();
        ag.inFlight = false;
        if (ok && f.gen() == generation) {
            for (Alert a : f.snapshot()) {
                if (a.resolvedAt(f.now()) && ag.alerts.get(a.fingerprint()) == a) {
                    ag.alerts.remove(a.fingerprint());
                }
            }
            if (ag.alerts.isEmpty()) {
                groups.remove(ag.mapKey, ag);
            }
        }
        if (groups.get(ag.mapKey) == ag) {
            queue.add(new Due(ag.nextFlush, ag));
        }
    }

    private boolean timeMuted(Route r, long now) {
        Instant t = Instant.ofEpochMilli(now);
        Map<String, TimeInterval> intervals = config.timeIntervals();
        for (String name : r.muteTimeIntervals()) {
            TimeInterval ti = intervals.get(name);
            if (ti != null && ti.contains(t)) {
                return true;
            }
        }
        if (!r.activeTimeIntervals().isEmpty()) {
            for (String name : r.activeTimeIntervals()) {
                TimeInterval ti = intervals.get(name);
                if (ti != null && ti.contains(t)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Null when nothing is due for this integration; a plan without notification only refreshes the log. */
    private Planned planOne(AggregationGroup ag, Bound b, List<Alert> snapshot, long now) {
        List<Alert> firing = new ArrayList<>();
        List<Alert> resolved = new ArrayList<>();
        for (Alert a : snapshot) {
            if (muter.muted(a, now)) {
                continue;
            }
            (a.resolvedAt(now) ? resolved : firing).add(a);
        }
        long[] firingSet = fingerprints(firing);
        long[] resolvedSet = fingerprints(resolved);
        Integration in = b.integration();
        String key = NotificationLog.key(ag.groupKey, in.id());
        if (!needsUpdate(nflog.get(key), firingSet, resolvedSet, in.sendResolved(), ag.route.repeatIntervalMs(), now)) {
            return null;
        }
        List<Alert> toSend = firing;
        if (in.sendResolved()) {
            toSend = new ArrayList<>(snapshot.size());
            java.util.Set<Alert> kept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            kept.addAll(firing);
            kept.addAll(resolved);
            for (Alert a : snapshot) {
                if (kept.contains(a)) {
                    toSend.add(a);
                }
            }
        }
        Notification n = toSend.isEmpty() ? null : build(ag, in.receiver(), toSend, now);
        return new Planned(b, key, firingSet, resolvedSet, n);
    }

    private boolean deliver(Bound b, Notification n, long deadline, long dueAt) {
        java.util.concurrent.Semaphore permits = sendPermits.computeIfAbsent(b.integration().id(),
                k -> new java.util.concurrent.Semaphore(maxInFlight));
        long backoff = 200;
        for (int attempt = 1; ; attempt++) {
            try {
                permits.acquire();
                try {
                    b.notifier().notify(n);
                } finally {
                    permits.release();
                }
                stats.sent.incrementAndGet();
                delays.delivered(Math.max(0, clock.millis() - dueAt));
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stats.failed.incrementAndGet();
                return false;
            } catch (Exception e) {
                log.warn("notify failed [integration={}, attempt={}, error={}]", b.integration().id(), attempt, e.toString());
                if (attempt >= maxAttempts || clock.millis() + backoff > deadline) {
                    stats.failed.incrementAndGet();
                    return false;
                }
                try {
                    sleeper.sleep(backoff); // without a permit: a failing receiver's retries do not block its other sends
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    stats.failed.incrementAndGet();
                    return false;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    static boolean needsUpdate(NotificationLog.Entry entry, long[] firing, long[] resolved, boolean sendResolved,
                               long repeatMs, long now) {
        if (entry == null) {
            return firing.length > 0;
        }
        if (!entry.firingSubset(firing)) {
            return true;
        }
        if (firing.length == 0) {
            return entry.firing().length > 0;
        }
        if (sendResolved && !entry.resolvedSubset(resolved)) {
            return true;
        }
        return entry.timestamp() + repeatMs <= now;
    }

    private Notification build(AggregationGroup ag, String receiver, List<Alert> alerts, long now) {
        List<Notification.Item> items = new ArrayList<>(alerts.size());
        boolean anyFiring = false;
        for (Alert a : alerts) {
            boolean res = a.resolvedAt(now);
            anyFiring |= !res;
            items.add(new Notification.Item(res ? "resolved" : "firing", a.labels(), a.annotations(), a.startsAt(),
                    res ? a.endsAt() : 0, a.generatorURL(), Fingerprints.hex(a.fingerprint())));
        }
        Labels common = alerts.get(0).labels();
        Map<String, String> commonAnn = new LinkedHashMap<>(alerts.get(0).annotations());
        for (int i = 1; i < alerts.size(); i++) {
            Alert a = alerts.get(i);
            Labels.Builder b = Labels.builder();
            Labels c = common;
            for (int j = 0; j < c.size(); j++) {
                if (c.value(j).equals(a.labels().get(c.name(j)))) {
                    b.set(c.name(j), c.value(j));
                }
            }
            common = b.build();
            commonAnn.entrySet().removeIf(e -> !e.getValue().equals(a.annotations().get(e.getKey())));
        }
        return new Notification(receiver, anyFiring ? "firing" : "resolved", items, ag.groupLabels, common, commonAnn,
                externalUrl, ag.groupKey, 0);
    }

    private static long[] fingerprints(List<Alert> alerts) {
        long[] out = new long[alerts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = alerts.get(i).fingerprint();
        }
        Arrays.sort(out);
        return out;
    }

    /** Alertmanager's notification order: by job, then instance, then the whole label set. */
    static final Comparator<Alert> ALERT_ORDER = (x, y) -> {
        for (String k : new String[] {"job", "instance"}) {
            boolean xi = x.labels().has(k);
            boolean yi = y.labels().has(k);
            if (!xi && !yi) {
                continue;
            }
            if (!xi) {
                return 1;
            }
            if (!yi) {
                return -1;
            }
            int c = x.labels().get(k).compareTo(y.labels().get(k));
            if (c != 0) {
                return c;
            }
        }
        return x.labels().compareTo(y.labels());
    };

    /** Groups with their unresolved alerts, for the API. */
    public List<GroupView> groups(long now) {
        List<GroupView> out = new ArrayList<>();
        synchronized (lock) {
            drainLocked();
            for (AggregationGroup ag : groups.values()) {
                List<Alert> as = new ArrayList<>();
                for (Alert a : ag.alerts.values()) {
                    if (!a.resolvedAt(now)) {
                        as.add(a);
                    }
                }
                as.sort(ALERT_ORDER);
                out.add(new GroupView(ag.groupLabels, ag.route.receiver(), ag.groupKey, as));
            }
        }
        out.sort(Comparator.comparing(GroupView::groupKey).thenComparing(GroupView::receiver));
        return out;
    }

    public int groupCount() {
        synchronized (lock) {
            drainLocked();
            return groups.size();
        }
    }

    /** Starts the timer loop on a platform thread. */
    public void start() {
        running = true;
        loop = Thread.ofPlatform().name("alert-dispatcher").daemon(true).start(this::loopBody);
    }

    private void loopBody() {
        while (running) {
            long next;
            try {
                next = runDue();
            } catch (RuntimeException e) {
                log.error("dispatcher tick failed", e);
                next = clock.millis() + 1000;
            }
            plannedWake = next;
            // Dekker-style with finish(): it queues, then reads plannedWake; the loop publishes
            // plannedWake, then looks at the queues, so one of the two always sees the other.
            if (!woken && running && inbox.isEmpty() && finished.isEmpty()) {
                long wait = next == Long.MAX_VALUE ? 60_000 : next - clock.millis();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(Math.min(wait, 60_000) * 1_000_000L);
                }
            }
            plannedWake = Long.MIN_VALUE;
            woken = false;
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    private void wake() {
        woken = true;
        Thread t = loop;
        if (t != null) {
            java.util.concurrent.locks.LockSupport.unpark(t);
        }
    }

    /**
     * Stops the timer loop and waits (up to 5 s) for flushes already sending, so that their
     * notification-log entries are written before the caller closes the log.
     */
    @Override
    public void close() {
        running = false;
        wake();
        try {
            if (loop != null) {
                loop.join(5000);
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (flushing.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
