package ai.gatewayz.obs.logs.ingest;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.common.Utf8;
import ai.gatewayz.obs.logs.logql.parser.Parser;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.StorageErrors;
import ai.gatewayz.obs.logs.storage.TenantLogStorages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Decodes, validates and stores one push (wire-protocols.md §3): content negotiation, Loki's
 * per-tenant limits, service_name and detected_level discovery, then one storage commit, so the
 * push is acknowledged only once it is in the WAL. Valid entries of a partly invalid push are
 * stored and the answer is 400 (or 429 for stream limits) listing the rejected ones. Whole-request
 * failures (undecodable body 400, unknown encoding 415, tenant rate 429, storage fault 503) are
 * thrown as {@link SuiteException}. Thread-safe.
 */
public final class PushReceiver {
    private static final int MAX_LISTED_ERRORS = 10;
    private static final long IDLE_STREAM_MILLIS = Duration.ofHours(2).toMillis();

    private final TenantLogStorages storages;
    private final Function<String, IngestLimits> limits;
    private final Clock clock;
    private final long maxDecodedBytes;
    private final ConcurrentHashMap<String, TenantState> tenants = new ConcurrentHashMap<>();

    public PushReceiver(TenantLogStorages storages, Function<String, IngestLimits> limits, Clock clock, long maxDecodedBytes) {
        this.storages = storages;
        this.limits = limits;
        this.clock = clock;
        this.maxDecodedBytes = maxDecodedBytes;
    }

    private static final class StreamState {
        volatile long newest = Long.MIN_VALUE;
        volatile long lastSeenMillis;
        final TokenBucket rate;

        StreamState(IngestLimits l, long now) {
            rate = new TokenBucket(l.perStreamRateBytes(), l.perStreamBurstBytes(), now);
            lastSeenMillis = now;
        }
    }

    private static final class TenantState {
        final TokenBucket rate;
        final ConcurrentHashMap<Labels, StreamState> streams = new ConcurrentHashMap<>();
        volatile long lastSweepMillis;

        TenantState(IngestLimits l, long now) {
            rate = new TokenBucket(l.ingestionRateBytes(), l.ingestionBurstBytes(), now);
        }
    }

    /** Decodes the body by content type and encoding ({@code legacyPath}: /api/prom/push, JSON only). */
    public PushResult push(String tenant, String contentType, String contentEncoding, byte[] body, boolean legacyPath) {
        byte[] data = decodeEncoding(contentEncoding, body);
        List<RawStream> streams = legacyPath || isJson(contentType)
                ? JsonPushDecoder.decode(data)
                : ProtoPushDecoder.decode(data, maxDecodedBytes);
        return store(tenant, streams);
    }

    private byte[] decodeEncoding(String encoding, byte[] body) {
        if (encoding == null || encoding.isBlank()) {
            return body;
        }
        return switch (encoding.trim().toLowerCase(Locale.ROOT)) {
            case "gzip", "x-gzip" -> BodyCodecs.gunzip(body, maxDecodedBytes);
            case "deflate" -> BodyCodecs.inflate(body, maxDecodedBytes);
            case "snappy", "identity" -> body; // the protobuf body is always snappy inside; the header is informational
            default -> throw IngestErrors.unsupportedEncoding(encoding);
        };
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String t = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return t.equals("application/json");
    }

    private record Accepted(Labels labels, StreamState state, boolean isNew, List<LogEntry> entries, long bytes,
            long newest) {
    }

    /** Validates and stores decoded streams. */
    public PushResult store(String tenant, List<RawStream> streams) {
        IngestLimits l = limits.apply(tenant);
        long now = clock.millis();
        TenantState ts = tenants.computeIfAbsent(tenant, t -> new TenantState(l, now));
        sweepIdle(ts, now);
        List<String> errors = new ArrayList<>();
        boolean limited = false;
        long total = 0;
        long rejected = 0;
        long oldest = l.rejectOldSamples() ? (now - l.rejectOldSamplesMaxAge().toMillis()) * 1_000_000L : Long.MIN_VALUE;
        long newestAllowed = (now + l.creationGracePeriod().toMillis()) * 1_000_000L;
        long window = l.outOfOrderWindow().toNanos();
        List<Accepted> accepted = new ArrayList<>();
        Set<Labels> newInThisPush = new HashSet<>();
        for (RawStream rs : streams) {
            total += rs.entries().size();
            Labels labels;
            try {
                labels = labels(rs, l);
            } catch (StreamRejected e) {
                errors.add(e.getMessage());
                rejected += rs.entries().size();
                continue;
            }
            if (l.discoverServiceName()) {
                labels = Discovery.withServiceName(labels);
            }
            String text = labels.toString();
            StreamState st = ts.streams.get(labels);
            boolean isNew = st == null;
            if (isNew) {
                if (!newInThisPush.contains(labels) && ts.streams.size() + newInThisPush.size() >= l.maxActiveStreams()) {
                    errors.add(IngestErrors.streamLimit(text, tenant));
                    limited = true;
                    rejected += rs.entries().size();
                    continue;
                }
                newInThisPush.add(labels);
                st = new StreamState(l, now);
            }
            long newest = st.newest;
            List<LogEntry> ok = new ArrayList<>(rs.entries().size());
            long bytes = 0;
            for (RawStream.RawEntry e : rs.entries()) {
                String err = validateEntry(e, text, l, oldest, newestAllowed, newest, window);
                if (err != null) {
                    errors.add(err);
                    rejected++;
                    continue;
                }
                Labels md = metadata(e, labels, l);
                ok.add(new LogEntry(e.timestampNanos(), e.line(), md));
                bytes += e.line().length() + metadataBytes(e.metadata());
                newest = Math.max(newest, e.timestampNanos());
            }
            if (!ok.isEmpty()) {
                accepted.add(new Accepted(labels, st, isNew, ok, bytes, newest));
            }
        }
        long bytes = 0;
        int lines = 0;
        for (Accepted a : accepted) {
            bytes += a.bytes();
            lines += a.entries().size();
        }
        if (bytes > 0 && !ts.rate.tryTake(bytes, now)) {
            throw IngestErrors.rateLimited(tenant, l.ingestionRateBytes(), lines, bytes);
        }
        LogAppender app = storages.forTenant(tenant).appender();
        List<Accepted> stored = new ArrayList<>(accepted.size());
        long storedEntries = 0;
        for (Accepted a : accepted) {
            if (!a.state().rate.tryTake(a.bytes(), now)) {
                errors.add(IngestErrors.streamRateLimit(a.labels().toString(), l.perStreamRateBytes(), a.bytes()));
                limited = true;
                rejected += a.entries().size();
                continue;
            }
            for (LogEntry e : a.entries()) {
                app.append(a.labels(), e);
            }
            stored.add(a);
            storedEntries += a.entries().size();
        }
        try {
            app.commit();
        } catch (SuiteException e) {
            throw e.kind() == ErrorKind.UNAVAILABLE ? e : StorageErrors.walWriteFailed(tenant, e);
        } catch (RuntimeException e) {
            throw StorageErrors.walWriteFailed(tenant, e);
        }
        for (Accepted a : stored) {
            StreamState st = a.state();
            st.newest = Math.max(st.newest, a.newest());
            st.lastSeenMillis = now;
            if (a.isNew()) {
                ts.streams.putIfAbsent(a.labels(), st);
            }
        }
        if (errors.isEmpty()) {
            return new PushResult(204, "", storedEntries, 0);
        }
        StringBuilder msg = new StringBuilder();
        for (int i = 0; i < Math.min(errors.size(), MAX_LISTED_ERRORS); i++) {
            msg.append(errors.get(i)).append('\n');
        }
        if (errors.size() > MAX_LISTED_ERRORS) {
            msg.append("(").append(errors.size() - MAX_LISTED_ERRORS).append(" more errors not shown)\n");
        }
        msg.append("total ignored: ").append(rejected).append(" out of ").append(total);
        return new PushResult(limited ? 429 : 400, msg.toString(), storedEntries, rejected);
    }

    private void sweepIdle(TenantState ts, long now) {
        if (now - ts.lastSweepMillis < 60_000) {
            return;
        }
        ts.lastSweepMillis = now;
        ts.streams.values().removeIf(s -> now - s.lastSeenMillis > IDLE_STREAM_MILLIS);
    }

    /** A stream whose labels are invalid: all its entries are rejected. */
    private static final class StreamRejected extends Exception {
        StreamRejected(String message) {
            super(message, null, false, false);
        }
    }

    private static Labels labels(RawStream rs, IngestLimits l) throws StreamRejected {
        List<String[]> pairs = rs.pairs();
        String text = rs.labelsText();
        if (pairs == null) {
            List<LabelMatcher> ms;
            try {
                ms = Parser.parseStreamLabels(rs.selector());
            } catch (SuiteException e) {
                throw new StreamRejected(IngestErrors.invalidLabels(text, e.getMessage()));
            }
            pairs = new ArrayList<>(ms.size());
            for (LabelMatcher m : ms) {
                pairs.add(new String[] {m.name(), m.value()});
            }
        }
        if (pairs.isEmpty()) {
            throw new StreamRejected(IngestErrors.missingLabels());
        }
        if (pairs.size() > l.maxLabelNames()) {
            throw new StreamRejected(IngestErrors.tooManyLabels(text, pairs.size(), l.maxLabelNames()));
        }
        Set<String> seen = new HashSet<>();
        Labels.Builder b = Labels.builder();
        for (String[] p : pairs) {
            if (!Parser.isLabelName(p[0])) {
                throw new StreamRejected(IngestErrors.invalidLabels(text, "invalid label name '" + p[0] + "'"));
            }
            if (!seen.add(p[0])) {
                throw new StreamRejected(IngestErrors.duplicateLabel(text, p[0]));
            }
            if (p[0].length() > l.maxLabelNameLength()) {
                throw new StreamRejected(IngestErrors.labelNameTooLong(text, p[0]));
            }
            if (Utf8.length(p[1]) > l.maxLabelValueLength()) {
                throw new StreamRejected(IngestErrors.labelValueTooLong(text, p[1]));
            }
            b.set(p[0], p[1]);
        }
        Labels out = b.build();
        if (out.isEmpty()) {
            throw new StreamRejected(IngestErrors.missingLabels());
        }
        return out;
    }

    private static String validateEntry(RawStream.RawEntry e, String text, IngestLimits l, long oldest,
            long newestAllowed, long streamNewest, long window) {
        int len = e.line().length() * 3 <= l.maxLineSize() ? e.line().length() : Utf8.length(e.line());
        if (len > l.maxLineSize()) {
            return IngestErrors.lineTooLong(text, l.maxLineSize(), len);
        }
        long t = e.timestampNanos();
        if (t < oldest) {
            return IngestErrors.tooOld(text, format(t), format(oldest));
        }
        if (t > newestAllowed) {
            return IngestErrors.tooNew(text, format(t));
        }
        if (streamNewest != Long.MIN_VALUE && t < streamNewest - window) {
            return IngestErrors.tooFarBehind(text, format(t), format(streamNewest - window));
        }
        if (e.metadata().size() > l.maxStructuredMetadataEntries()) {
            return IngestErrors.metadataTooMany(text, e.metadata().size(), l.maxStructuredMetadataEntries());
        }
        long mdBytes = metadataBytes(e.metadata());
        if (mdBytes > l.maxStructuredMetadataSize()) {
            return IngestErrors.metadataTooLarge(text, mdBytes, l.maxStructuredMetadataSize());
        }
        for (String[] p : e.metadata()) {
            if (p[0].isEmpty()) {
                return IngestErrors.invalidMetadataName(text, p[0]);
            }
        }
        return null;
    }

    private static Labels metadata(RawStream.RawEntry e, Labels stream, IngestLimits l) {
        Labels md = Labels.EMPTY;
        if (!e.metadata().isEmpty()) {
            Labels.Builder b = Labels.builder();
            for (String[] p : e.metadata()) {
                b.set(p[0], p[1]);
            }
            md = b.build();
        }
        if (l.discoverLogLevels() && !md.has(Discovery.DETECTED_LEVEL) && !stream.has(Discovery.DETECTED_LEVEL)) {
            md = md.toBuilder().set(Discovery.DETECTED_LEVEL, Discovery.detectLevel(stream, md, e.line())).build();
        }
        return md;
    }

    private static long metadataBytes(List<String[]> md) {
        long n = 0;
        for (String[] p : md) {
            n += p[0].length() + p[1].length();
        }
        return n;
    }


    private static String format(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)).toString();
    }

}
