package ai.gatewayz.obs.alerts.store;

import ai.gatewayz.obs.alerts.AlertErrors;
import ai.gatewayz.obs.alerts.model.Alert;
import ai.gatewayz.obs.alerts.persist.Codec;
import ai.gatewayz.obs.alerts.persist.RecordLog;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The alerts the router knows, keyed by fingerprint, optionally persisted in a {@link RecordLog}
 * (magic {@code AMAL}) so a restart keeps every acknowledged alert. Thread-safe: reads are
 * lock-free, writes are serialized.
 */
public final class AlertStore implements AutoCloseable {
    private static final byte UPSERT = 1;
    private static final byte DELETE = 2;

    private final ConcurrentHashMap<Long, Alert> alerts = new ConcurrentHashMap<>();
    private final RecordLog log;
    /** Bytes of all held alerts and held alerts per alertname, for {@link Capacity}; guarded by this. */
    private long bytes;
    private final Map<String, Integer> perName = new HashMap<>();

    /** The outcome of a put: the stored versions, and the new alerts that did not fit with why. */
    public record Admitted(List<Alert> stored, List<Refusal> refused) {
    }

    /** A new alert refused for capacity. */
    public record Refusal(Alert alert, String reason) {
    }

    private AlertStore(RecordLog log) {
        this.log = log;
    }

    public static AlertStore inMemory() {
        return new AlertStore(null);
    }

    public static AlertStore open(Path dir) {
        ConcurrentHashMap<Long, Alert> tmp = new ConcurrentHashMap<>();
        try {
            RecordLog log = RecordLog.open(dir.resolve("alerts.log"), "AMAL", p -> apply(tmp, p));
            AlertStore s = new AlertStore(log);
            s.alerts.putAll(tmp);
            synchronized (s) {
                tmp.values().forEach(a -> s.account(null, a));
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void apply(ConcurrentHashMap<Long, Alert> m, byte[] p) {
        try {
            DataInputStream in = Codec.reader(p);
            byte type = in.readByte();
            if (type == UPSERT) {
                Alert a = read(in);
                m.put(a.fingerprint(), a);
            } else if (type == DELETE) {
                m.remove(in.readLong());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stores alerts, merging each with the stored alert of the same fingerprint when their times
     * overlap (Alertmanager's rule); durable when this method returns. Returns the stored versions.
     */
    public List<Alert> put(List<Alert> incoming, long now) {
        return put(incoming, now, stored -> { });
    }

    /**
     * Like {@link #put(List, long)}, but hands the stored versions to {@code beforeSync} before
     * waiting for the fsync, so routing starts while the disk works; the call still returns only
     * once durable. The merge and the hand-off are serialized, the fsync wait is not: concurrent
     * posts share one group commit of the log.
     */
    public List<Alert> put(List<Alert> incoming, long now, java.util.function.Consumer<List<Alert>> beforeSync) {
        return put(incoming, now, Capacity.UNLIMITED, beforeSync).stored();
    }

    /**
     * Like {@link #put(List, long, java.util.function.Consumer)}, refusing new fingerprints that do
     * not fit {@code capacity}; the check and the insert happen under one lock, so concurrent posts
     * cannot overshoot together.
     */
    public Admitted put(List<Alert> incoming, long now, Capacity capacity, java.util.function.Consumer<List<Alert>> beforeSync) {
        List<Alert> stored = new ArrayList<>(incoming.size());
        List<Refusal> refused = new ArrayList<>();
        List<byte[]> records = new ArrayList<>(incoming.size());
        long seq;
        synchronized (this) {
            for (Alert a : incoming) {
                long fp = a.fingerprint();
                Alert old = alerts.get(fp);
                if (old == null) {
                    String why = capacity.refusal(alerts.size(), bytes, AlertSizes.of(a), perName.getOrDefault(name(a), 0));
                    if (why != null) {
                        refused.add(new Refusal(a, why));
                        continue;
                    }
                }
                Alert merged = old != null && a.overlaps(old) ? old.merge(a, now) : a;
                stored.add(merged);
                // Held at once, so the next alert of this batch is checked against the new totals.
                account(alerts.put(fp, merged), merged);
                if (log != null) {
                    records.add(Codec.write(out -> {
                        out.writeByte(UPSERT);
                        write(out, merged);
                    }));
                }
            }
            seq = enqueue(records);
            beforeSync.accept(stored);
        }
        if (log != null && !records.isEmpty()) {
            try {
                log.awaitDurable(seq);
            } catch (IOException e) {
                throw AlertErrors.storage("alerts log", e);
            }
        }
        return new Admitted(stored, refused);
    }

    /** Moves the tallies from {@code old} (null: none) to {@code now} (null: removed). Caller holds this. */
    private void account(Alert old, Alert now) {
        if (old != null) {
            bytes -= AlertSizes.of(old);
            perName.computeIfPresent(name(old), (k, v) -> v <= 1 ? null : v - 1);
        }
        if (now != null) {
            bytes += AlertSizes.of(now);
            perName.merge(name(now), 1, Integer::sum);
        }
    }

    private static String name(Alert a) {
        String n = a.labels().get("alertname");
        return n == null ? "" : n;
    }

    /** Bytes of labels and annotations of all held alerts, as charged against {@link Capacity}. */
    public synchronized long bytes() {
        return bytes;
    }

    private long enqueue(List<byte[]> records) {
        if (log == null || records.isEmpty()) {
            return 0;
        }
        try {
            return log.enqueue(records);
        } catch (IOException e) {
            throw AlertErrors.storage("alerts log", e);
        }
    }

    public Alert get(long fp) {
        return alerts.get(fp);
    }

    public Collection<Alert> all() {
        return alerts.values();
    }

    public int size() {
        return alerts.size();
    }

    /** Forgets alerts resolved before {@code cutoff}; compacts the log when it is mostly garbage. */
    public synchronized int gc(long cutoff) {
        List<Long> dead = new ArrayList<>();
        for (Alert a : alerts.values()) {
            if (a.endsAt() < cutoff) {
                dead.add(a.fingerprint());
            }
        }
        List<byte[]> records = new ArrayList<>();
        for (long fp : dead) {
            account(alerts.remove(fp), null);
            if (log != null) {
                records.add(Codec.write(out -> {
                    out.writeByte(DELETE);
                    out.writeLong(fp);
                }));
            }
        }
        persist(records);
        compactIfNeeded();
        return dead.size();
    }

    private void compactIfNeeded() {
        if (log == null || log.records() < 4L * alerts.size() + 10_000) {
            return;
        }
        List<byte[]> live = new ArrayList<>(alerts.size());
        for (Alert a : alerts.values()) {
            live.add(Codec.write(out -> {
                out.writeByte(UPSERT);
                write(out, a);
            }));
        }
        try {
            log.rewrite(live);
        } catch (IOException e) {
            throw AlertErrors.storage("alerts compaction", e);
        }
    }

    private void persist(List<byte[]> records) {
        if (log == null || records.isEmpty()) {
            return;
        }
        try {
            log.append(records);
        } catch (IOException e) {
            throw AlertErrors.storage("alerts log", e);
        }
        if (log.records() > 4L * alerts.size() + 50_000) {
            compactIfNeeded();
        }
    }

    static void write(java.io.DataOutputStream out, Alert a) throws IOException {
        Codec.writeLabels(out, a.labels());
        Codec.writeMap(out, a.annotations());
        out.writeLong(a.startsAt());
        out.writeLong(a.endsAt());
        out.writeLong(a.updatedAt());
        Codec.writeStr(out, a.generatorURL() == null ? "" : a.generatorURL());
        out.writeBoolean(a.timeout());
    }

    static Alert read(DataInputStream in) throws IOException {
        return new Alert(Codec.readLabels(in), Codec.readMap(in), in.readLong(), in.readLong(), in.readLong(),
                Codec.readStr(in), in.readBoolean());
    }

    @Override
    public void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }
}
