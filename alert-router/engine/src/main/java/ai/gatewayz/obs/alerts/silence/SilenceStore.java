package ai.gatewayz.obs.alerts.silence;

import ai.gatewayz.obs.alerts.AlertErrors;
import ai.gatewayz.obs.alerts.persist.Codec;
import ai.gatewayz.obs.alerts.persist.RecordLog;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Silences with Alertmanager's create / update-as-replace / expire rules, persisted in a
 * {@link RecordLog} (magic {@code AMSI}). Expired silences are kept for {@code retentionMs} and
 * then purged. Thread-safe: reads are lock-free, writes synchronized.
 */
public final class SilenceStore implements AutoCloseable {
    private final ConcurrentHashMap<String, Silence> silences = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long retentionMs;
    private final RecordLog log;
    private volatile long version;

    private SilenceStore(Clock clock, long retentionMs, RecordLog log) {
        this.clock = clock;
        this.retentionMs = retentionMs;
        this.log = log;
    }

    public static SilenceStore inMemory(Clock clock) {
        return new SilenceStore(clock, 120 * 3600_000L, null);
    }

    public static SilenceStore open(Path dir, Clock clock, long retentionMs) {
        ConcurrentHashMap<String, Silence> tmp = new ConcurrentHashMap<>();
        try {
            RecordLog log = RecordLog.open(dir.resolve("silences.log"), "AMSI", p -> {
                Silence s = read(p);
                tmp.put(s.id(), s);
            });
            SilenceStore st = new SilenceStore(clock, retentionMs, log);
            st.silences.putAll(tmp);
            return st;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Increases whenever a silence changes; lets callers cache mute decisions. */
    public long version() {
        return version;
    }

    public Collection<Silence> all() {
        return silences.values();
    }

    public Silence get(String id) {
        Silence s = silences.get(id);
        if (s == null) {
            throw AlertErrors.silenceNotFound(id);
        }
        return s;
    }

    /** Ids of active silences muting these labels, sorted. */
    public List<String> mutedBy(Labels labels, long now) {
        List<String> ids = null;
        for (Silence s : silences.values()) {
            if (s.state(now) == Silence.State.ACTIVE && s.mutes(labels)) {
                if (ids == null) {
                    ids = new ArrayList<>(1);
                }
                ids.add(s.id());
            }
        }
        if (ids == null) {
            return List.of();
        }
        ids.sort(null);
        return ids;
    }

    /**
     * Creates or updates a silence and returns its id. {@code s.id()} null or empty creates. An
     * update keeps the id only when Alertmanager would (same matchers; active: same start and end
     * not in the past; pending: start not in the past); otherwise the old one is expired and a
     * new id returned.
     */
    public synchronized String set(Silence s) {
        long now = clock.millis();
        validate(s, now);
        List<byte[]> records = new ArrayList<>(2);
        Silence result;
        Silence prev = s.id() == null || s.id().isEmpty() ? null : silences.get(s.id());
        if (s.id() != null && !s.id().isEmpty() && prev == null) {
            throw AlertErrors.silenceNotFound(s.id());
        }
        if (prev != null && canUpdate(prev, s, now)) {
            result = s.withTimes(s.startsAt(), s.endsAt(), now);
        } else {
            if (prev != null && prev.state(now) != Silence.State.EXPIRED) {
                Silence expired = expireOf(prev, now);
                records.add(write(expired));
                silences.put(expired.id(), expired);
            }
            result = s.withId(UUID.randomUUID().toString(), Math.max(s.startsAt(), now), now);
        }
        records.add(write(result));
        persist(records);
        silences.put(result.id(), result);
        version++;
        return result.id();
    }

    /** Expires a silence; expiring an already expired one is a no-op (idempotent). */
    public synchronized void expire(String id) {
        Silence s = get(id);
        long now = clock.millis();
        if (s.state(now) == Silence.State.EXPIRED) {
            return;
        }
        Silence e = expireOf(s, now);
        persist(List.of(write(e)));
        silences.put(id, e);
        version++;
    }

    /** Removes silences expired longer than the retention ago. */
    public synchronized int gc() {
        long cutoff = clock.millis() - retentionMs;
        List<String> dead = silences.values().stream().filter(s -> s.endsAt() < cutoff).map(Silence::id).toList();
        if (dead.isEmpty()) {
            return 0;
        }
        dead.forEach(silences::remove);
        if (log != null) {
            try {
                log.rewrite(silences.values().stream().map(SilenceStore::write).toList());
            } catch (IOException e) {
                throw AlertErrors.storage("silences compaction", e);
            }
        }
        return dead.size();
    }

    private static Silence expireOf(Silence s, long now) {
        return s.state(now) == Silence.State.PENDING ? s.withTimes(now, now, now) : s.withTimes(s.startsAt(), now, now);
    }

    private static boolean canUpdate(Silence a, Silence b, long now) {
        if (!a.matchers().equals(b.matchers())) {
            return false;
        }
        return switch (a.state(now)) {
            case ACTIVE -> b.startsAt() == a.startsAt() && b.endsAt() >= now;
            case PENDING -> b.startsAt() >= now;
            case EXPIRED -> false;
        };
    }

    private static void validate(Silence s, long now) {
        if (s.matchers().isEmpty()) {
            throw AlertErrors.invalidSilence("at least one matcher required");
        }
        boolean anyNonEmpty = false;
        for (int i = 0; i < s.matchers().size(); i++) {
            SilenceMatcher m = s.matchers().get(i);
            if (m.name() == null || m.name().isEmpty()) {
                throw AlertErrors.invalidSilence("invalid label matcher " + i + ": invalid label name \"\"");
            }
            try {
                if (!m.toLabelMatcher().matchesEmpty()) {
                    anyNonEmpty = true;
                }
            } catch (SuiteException e) {
                throw AlertErrors.invalidSilence("invalid label matcher " + i + ": " + e.getMessage());
            }
        }
        if (!anyNonEmpty) {
            throw AlertErrors.invalidSilence("at least one matcher must not match the empty string");
        }
        if (s.endsAt() <= s.startsAt()) {
            throw AlertErrors.invalidSilence("start time must be before end time [startsAt=" + s.startsAt() + ", endsAt=" + s.endsAt() + "]");
        }
        if (s.endsAt() < now) {
            throw AlertErrors.invalidSilence("end time can't be in the past");
        }
    }

    private void persist(List<byte[]> records) {
        if (log == null) {
            return;
        }
        try {
            log.append(records);
        } catch (IOException e) {
            throw AlertErrors.storage("silences log", e);
        }
    }

    private static byte[] write(Silence s) {
        return Codec.write(out -> {
            Codec.writeStr(out, s.id());
            out.writeInt(s.matchers().size());
            for (SilenceMatcher m : s.matchers()) {
                Codec.writeStr(out, m.name());
                Codec.writeStr(out, m.value());
                out.writeBoolean(m.isRegex());
                out.writeBoolean(m.isEqual());
            }
            out.writeLong(s.startsAt());
            out.writeLong(s.endsAt());
            out.writeLong(s.updatedAt());
            Codec.writeStr(out, s.createdBy());
            Codec.writeStr(out, s.comment());
        });
    }

    private static Silence read(byte[] p) {
        try {
            DataInputStream in = Codec.reader(p);
            String id = Codec.readStr(in);
            int n = in.readInt();
            List<SilenceMatcher> ms = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ms.add(new SilenceMatcher(Codec.readStr(in), Codec.readStr(in), in.readBoolean(), in.readBoolean()));
            }
            return new Silence(id, ms, in.readLong(), in.readLong(), in.readLong(), Codec.readStr(in), Codec.readStr(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }
}
