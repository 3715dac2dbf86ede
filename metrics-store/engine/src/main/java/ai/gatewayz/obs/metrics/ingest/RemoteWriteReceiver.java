package ai.gatewayz.obs.metrics.ingest;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.limits.IngestionRateLimiter;
import ai.gatewayz.obs.metrics.limits.LimitsRegistry;
import ai.gatewayz.obs.metrics.limits.TenantLimits;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.HistogramErrors;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.model.MetricType;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.StorageErrors;
import ai.gatewayz.obs.proto.prometheus.RemoteWriteV1;
import ai.gatewayz.obs.proto.prometheus.v2.RemoteWriteV2;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.xerial.snappy.Snappy;

/**
 * Decodes, validates and stores Prometheus remote-write 1.0 and 2.0 requests
 * (wire-protocols.md §1). The schema is chosen from {@code Content-Type} only; the body is snappy
 * <em>block</em> format. Valid series are kept even when others in the same request are refused
 * (the result then carries the reasons and answers 400).
 *
 * <p>Bodies are decoded in place by {@link WireRequest} (no protobuf objects); a series whose label
 * bytes were seen before for the same tenant storage is taken from a {@link SeriesRefCache} without
 * building strings or labels. Anything that decoder leaves undecided (malformed input, native
 * histograms, 2.0 exemplars) goes through the generated protobuf classes as before, so error
 * messages do not depend on the path. Thread-safe: scratch buffers are pooled, one per request in flight.
 */
public final class RemoteWriteReceiver {
    private static final int MAX_ERRORS = 5;
    private static final byte[] FRAMED_SNAPPY_MAGIC = {(byte) 0xff, 0x06, 0x00, 0x00, 's', 'N', 'a', 'P', 'p', 'Y'};
    private static final MetricType[] TYPES = MetricType.values();

    /** Which schema a request uses. */
    public enum Protocol { V1, V2 }

    private final IngestOptions opts;
    private final LimitsRegistry limits;
    private final IngestionRateLimiter limiter;
    private final Clock clock;
    private final java.util.concurrent.ConcurrentHashMap<String, SeriesRefCache> caches = new java.util.concurrent.ConcurrentHashMap<>();
    private final LabelStrings strings = new LabelStrings();
    /** Scratch buffers handed from request to request (requests run on short-lived virtual threads, so not thread-local). */
    private final java.util.concurrent.ArrayBlockingQueue<Scratch> scratchPool = new java.util.concurrent.ArrayBlockingQueue<>(16);

    /** Buffers reused across requests; one request holds one at a time. */
    private static final class Scratch {
        private static final int KEEP_BYTES = 1 << 20;
        byte[] buf = new byte[64 << 10];
        final WireRequest wire = new WireRequest();
        SeriesRefCache.Entry[] hits = new SeriesRefCache.Entry[64];
        long[] hashes = new long[64];
        byte[] key = new byte[256];
        int keyLen;

        byte[] buffer(int len) {
            if (len <= buf.length) {
                return buf;
            }
            byte[] b = new byte[Math.max(len, buf.length * 2)];
            if (b.length <= KEEP_BYTES) {
                buf = b;
            }
            return b;
        }

        void series(int n) {
            if (hits.length < n) {
                hits = new SeriesRefCache.Entry[Math.max(n, hits.length * 2)];
                hashes = new long[hits.length];
            }
        }

        /** Releases references to cached entries and a one-off large buffer. */
        void done(int n) {
            Arrays.fill(hits, 0, Math.min(n, hits.length), null);
            wire.buf = null;
        }
    }

    public RemoteWriteReceiver(IngestOptions opts, LimitsRegistry limits, IngestionRateLimiter limiter, Clock clock) {
        this.opts = opts;
        this.limits = limits;
        this.limiter = limiter;
        this.clock = clock;
    }

    /** The schema named by a {@code Content-Type} header; null or absent means 1.0. */
    public static Protocol protocolOf(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return Protocol.V1;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("application/x-protobuf")) {
            throw IngestErrors.unsupportedContentType(contentType);
        }
        Protocol p = Protocol.V1;
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            int eq = param.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = param.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = param.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (key.equals("proto")) {
                p = switch (value) {
                    case "prometheus.WriteRequest" -> Protocol.V1;
                    case "io.prometheus.write.v2.Request" -> Protocol.V2;
                    default -> throw IngestErrors.unsupportedContentType(contentType);
                };
            }
        }
        return p;
    }

    /** Checks {@code Content-Encoding}: absent or snappy. */
    public static void checkEncoding(String contentEncoding) {
        if (contentEncoding != null && !contentEncoding.isBlank() && !contentEncoding.trim().equalsIgnoreCase("snappy")) {
            throw IngestErrors.unsupportedEncoding(contentEncoding);
        }
    }

    /** Uncompresses a snappy block body, refusing the framed format and oversize declared lengths. */
    public byte[] uncompress(byte[] body) {
        int len = checkSnappyHeader(body);
        byte[] out = new byte[len];
        uncompressInto(body, out, len);
        return out;
    }

    /** Checks the framing and declared length; returns the uncompressed length. */
    private int checkSnappyHeader(byte[] body) {
        if (body.length >= FRAMED_SNAPPY_MAGIC.length) {
            boolean framed = true;
            for (int i = 0; i < FRAMED_SNAPPY_MAGIC.length; i++) {
                if (body[i] != FRAMED_SNAPPY_MAGIC[i]) {
                    framed = false;
                    break;
                }
            }
            if (framed) {
                throw IngestErrors.framedSnappy();
            }
        }
        long declared = declaredLength(body);
        if (declared > opts.maxDecodedBytes()) {
            throw IngestErrors.decodedTooLarge(declared, opts.maxDecodedBytes());
        }
        try {
            return Snappy.uncompressedLength(body);
        } catch (IOException e) {
            throw IngestErrors.malformedSnappy(e.getMessage());
        }
    }

    /**
     * Uncompresses into {@code out} (at least {@code len} bytes). Snappy's decoder checks the whole
     * stream, so the separate validity pass runs only to word the error of a body that failed.
     */
    private void uncompressInto(byte[] body, byte[] out, int len) {
        int n;
        try {
            n = Snappy.uncompress(body, 0, body.length, out, 0);
        } catch (IOException | RuntimeException e) {
            throw IngestErrors.malformedSnappy(validSnappy(body) ? e.getMessage() : "corrupt compressed data");
        }
        if (n != len) {
            throw IngestErrors.malformedSnappy("length mismatch [declared=" + len + ", actual=" + n + "]");
        }
    }

    private static boolean validSnappy(byte[] body) {
        try {
            return Snappy.isValidCompressedBuffer(body, 0, body.length);
        } catch (IOException e) {
            return false;
        }
    }

    /** The uncompressed length a snappy block declares in its leading varint; -1 if unreadable. */
    static long declaredLength(byte[] body) {
        long v = 0;
        for (int i = 0; i < Math.min(body.length, 5); i++) {
            v |= (long) (body[i] & 0x7F) << (7 * i);
            if ((body[i] & 0x80) == 0) {
                return v;
            }
        }
        throw IngestErrors.malformedSnappy("invalid length header");
    }

    /** Handles one request for {@code tenant}. Throws SuiteException for whole-request failures. */
    public WriteResult write(String tenant, Storage storage, String contentType, String contentEncoding, byte[] body) {
        checkEncoding(contentEncoding);
        Protocol protocol = protocolOf(contentType);
        int len = checkSnappyHeader(body);
        Scratch sc = scratchPool.poll();
        if (sc == null) {
            sc = new Scratch();
        }
        try {
            return write(tenant, storage, protocol, body, len, sc);
        } finally {
            sc.done(sc.wire.series);
            scratchPool.offer(sc); // dropped when the pool is full
        }
    }

    private WriteResult write(String tenant, Storage storage, Protocol protocol, byte[] body, int len, Scratch sc) {
        byte[] raw = sc.buffer(len);
        uncompressInto(body, raw, len);
        TenantLimits tl = limits.forTenant(tenant);
        WireRequest req;
        SeriesRefCache cache = cacheFor(tenant, storage, tl);
        try {
            req = protocol == Protocol.V1 ? sc.wire.decodeV1(raw, len) : sc.wire.decodeV2(raw, len);
            resolve(req, cache, sc);
        } catch (WireReader.Unsupported u) {
            return writeGenerated(tenant, storage, tl, protocol, raw, len);
        }
        acquire(tenant, tl, req.samples + (long) req.exemplars);
        Batch batch = new Batch(storage, tl, protocol);
        return protocol == Protocol.V1 ? batch.writeV1(req, sc, cache) : batch.writeV2(req, sc, cache);
    }

    /** The path through the generated protobuf classes, for bodies the in-place decoder leaves undecided. */
    private WriteResult writeGenerated(String tenant, Storage storage, TenantLimits tl, Protocol protocol, byte[] raw, int len) {
        if (protocol == Protocol.V1) {
            RemoteWriteV1.WriteRequest req;
            try {
                req = RemoteWriteV1.WriteRequest.parser().parseFrom(raw, 0, len);
            } catch (InvalidProtocolBufferException e) {
                throw IngestErrors.malformedProtobuf("prometheus.WriteRequest", e.getMessage());
            }
            long n = 0;
            for (RemoteWriteV1.TimeSeries ts : req.getTimeseriesList()) {
                n += ts.getSamplesCount() + ts.getExemplarsCount();
            }
            acquire(tenant, tl, n);
            return new Batch(storage, tl, Protocol.V1).writeV1(req);
        }
        RemoteWriteV2.Request req;
        try {
            req = RemoteWriteV2.Request.parser().parseFrom(raw, 0, len);
        } catch (InvalidProtocolBufferException e) {
            throw IngestErrors.malformedProtobuf("io.prometheus.write.v2.Request", e.getMessage());
        }
        long n = 0;
        for (RemoteWriteV2.TimeSeries ts : req.getTimeseriesList()) {
            n += ts.getSamplesCount() + ts.getExemplarsCount();
        }
        acquire(tenant, tl, n);
        return new Batch(storage, tl, Protocol.V2).writeV2(req);
    }

    /** The series cache of this tenant's storage under these limits, started afresh when either changed. */
    private SeriesRefCache cacheFor(String tenant, Storage storage, TenantLimits tl) {
        SeriesRefCache c = caches.get(tenant);
        if (c == null || c.storage != storage || !c.limits.equals(tl)) {
            c = new SeriesRefCache(storage, tl);
            caches.put(tenant, c);
        }
        return c;
    }

    /**
     * Looks every series up in the cache by its label bytes; for the others checks the label bytes
     * are UTF-8 (as the generated parser would, so a bad body still fails before anything is written).
     */
    private static void resolve(WireRequest req, SeriesRefCache cache, Scratch sc) {
        sc.series(req.series);
        byte[] b = req.buf;
        for (int s = 0; s < req.series; s++) {
            sc.hits[s] = null;
            if (req.v2) {
                if (keyV2(req, s, sc)) {
                    long h = SeriesRefCache.hash(sc.key, 0, sc.keyLen);
                    sc.hashes[s] = h;
                    sc.hits[s] = cache.get(h, sc.key, 0, sc.keyLen);
                }
                continue; // symbols were checked for UTF-8 while decoding
            }
            int kf = req.keyFrom[s];
            if (kf >= 0) {
                long h = SeriesRefCache.hash(b, kf, req.keyTo[s]);
                sc.hashes[s] = h;
                SeriesRefCache.Entry e = cache.get(h, b, kf, req.keyTo[s]);
                if (e != null) {
                    sc.hits[s] = e;
                    continue;
                }
            }
            for (int i = req.labelFrom[s]; i < req.labelTo[s]; i++) {
                if (!WireReader.validUtf8(b, req.nameOff[i], req.nameOff[i] + req.nameLen[i])
                        || !WireReader.validUtf8(b, req.valueOff[i], req.valueOff[i] + req.valueLen[i])) {
                    throw WireReader.unsupported();
                }
            }
        }
    }

    /**
     * Writes the 2.0 label pairs of series {@code s} into {@code sc.key} in the 1.0 {@code Label}
     * encoding (so both protocols share cache entries); false when the refs are odd or out of range.
     */
    private static boolean keyV2(WireRequest req, int s, Scratch sc) {
        int from = req.labelFrom[s];
        int to = req.labelTo[s];
        if ((to - from) % 2 != 0) {
            return false;
        }
        int len = 0;
        for (int i = from; i < to; i++) {
            int r = req.ref[i];
            if (r < 0 || r >= req.symbols) {
                return false;
            }
        }
        for (int i = from; i < to; i += 2) {
            int nl = req.symLen[req.ref[i]];
            int vl = req.symLen[req.ref[i + 1]];
            int msg = (nl > 0 ? 1 + varintSize(nl) + nl : 0) + (vl > 0 ? 1 + varintSize(vl) + vl : 0);
            int need = len + 1 + varintSize(msg) + msg;
            if (need > sc.key.length) {
                sc.key = Arrays.copyOf(sc.key, Math.max(need, sc.key.length * 2));
            }
            byte[] k = sc.key;
            k[len++] = 0x0A;
            len = putVarint(k, len, msg);
            if (nl > 0) {
                k[len++] = 0x0A;
                len = putVarint(k, len, nl);
                System.arraycopy(req.buf, req.symOff[req.ref[i]], k, len, nl);
                len += nl;
            }
            if (vl > 0) {
                k[len++] = 0x12;
                len = putVarint(k, len, vl);
                System.arraycopy(req.buf, req.symOff[req.ref[i + 1]], k, len, vl);
                len += vl;
            }
        }
        sc.keyLen = len;
        return true;
    }

    private static int varintSize(int v) {
        int n = 1;
        while ((v & ~0x7F) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private static int putVarint(byte[] b, int at, int v) {
        while ((v & ~0x7F) != 0) {
            b[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[at++] = (byte) v;
        return at;
    }

    private void acquire(String tenant, TenantLimits tl, long n) {
        if (!limiter.tryAcquire(tenant, tl, n)) {
            throw IngestErrors.rateLimited(tenant, tl.ingestionRate(), n);
        }
    }

    private static MetricType type(int ordinal) {
        return ordinal >= 0 && ordinal < TYPES.length ? TYPES[ordinal] : MetricType.UNKNOWN;
    }

    /** The state of one request being written. */
    private final class Batch {
        private final Appender app;
        private final TenantLimits tl;
        private final Protocol protocol;
        private final LabelValidator lv = new LabelValidator(opts.legacyNameValidation());
        private final long maxT = clock.millis() + opts.maxFuture().toMillis();
        private final List<String> errors = new ArrayList<>();
        private long samples;
        private long histograms;
        private long exemplars;
        private long rejected;

        Batch(Storage storage, TenantLimits tl, Protocol protocol) {
            this.app = storage.appender();
            this.tl = tl;
            this.protocol = protocol;
        }

        private void reject(long count, String message) {
            rejected += count;
            if (errors.size() < MAX_ERRORS) {
                errors.add(message);
            }
        }

        /** Appends the samples of one series; returns the series ref (0 if none stored). */
        private long sample(long ref, Labels labels, long t, double v) {
            if (t > maxT) {
                reject(1, "sample timestamp too far in the future [timestamp=" + t + ", max=" + maxT + ", series=" + labels + "]");
                return ref;
            }
            try {
                ref = app.append(ref, labels, t, v);
                samples++;
            } catch (StorageErrors.SampleRejected e) {
                reject(1, e.getMessage());
            }
            return ref;
        }

        /** Converts and appends one native histogram sample; returns the series ref. */
        private long histogram(long ref, Labels labels, long t, java.util.function.Supplier<Histogram> convert) {
            if (t > maxT) {
                reject(1, "sample timestamp too far in the future [timestamp=" + t + ", max=" + maxT + ", series=" + labels + "]");
                return ref;
            }
            try {
                ref = app.appendHistogram(ref, labels, t, convert.get());
                histograms++;
            } catch (HistogramErrors.Invalid e) {
                String m = e.getMessage();
                reject(1, m.substring(0, m.length() - 1) + ", series=" + labels + "]");
            } catch (StorageErrors.SampleRejected e) {
                reject(1, e.getMessage());
            }
            return ref;
        }

        private void exemplar(long ref, Labels series, Exemplar e) {
            try {
                app.appendExemplar(ref, series, e);
                exemplars++;
            } catch (StorageErrors.SampleRejected ex) {
                reject(1, ex.getMessage());
            }
        }

        WriteResult writeV1(RemoteWriteV1.WriteRequest req) {
            Labels.Builder eb = Labels.builder();
            for (RemoteWriteV1.TimeSeries ts : req.getTimeseriesList()) {
                lv.reset();
                for (RemoteWriteV1.Label l : ts.getLabelsList()) {
                    lv.add(l.getName(), l.getValue());
                }
                Labels labels;
                try {
                    labels = lv.build(tl);
                } catch (LabelValidator.InvalidSeries e) {
                    reject(ts.getSamplesCount() + ts.getHistogramsCount() + Math.max(0, 1 - ts.getSamplesCount() - ts.getHistogramsCount()), e.getMessage());
                    continue;
                }
                long ref = 0;
                for (RemoteWriteV1.Sample s : ts.getSamplesList()) {
                    ref = sample(ref, labels, s.getTimestamp(), s.getValue());
                }
                for (RemoteWriteV1.Histogram h : ts.getHistogramsList()) {
                    ref = histogram(ref, labels, h.getTimestamp(), () -> RemoteWriteHistograms.of(h));
                }
                for (RemoteWriteV1.Exemplar ex : ts.getExemplarsList()) {
                    eb.reset();
                    for (RemoteWriteV1.Label l : ex.getLabelsList()) {
                        eb.set(l.getName(), l.getValue());
                    }
                    exemplar(ref, labels, new Exemplar(eb.build(), ex.getValue(), ex.getTimestamp()));
                }
            }
            for (RemoteWriteV1.MetricMetadata md : req.getMetadataList()) {
                if (!md.getMetricFamilyName().isEmpty()) {
                    app.updateMetadata(Labels.of(Labels.METRIC_NAME, md.getMetricFamilyName()),
                            new Metadata(type(md.getTypeValue()), md.getHelp(), md.getUnit()));
                }
            }
            return commit();
        }

        WriteResult writeV2(RemoteWriteV2.Request req) {
            List<String> symbols = req.getSymbolsList();
            if (!symbols.isEmpty() && !symbols.getFirst().isEmpty()) {
                reject(1, "invalid symbols table [reason=symbols[0] must be the empty string]");
                app.rollback();
                return new WriteResult(protocol, 0, 0, 0, rejected, List.copyOf(errors));
            }
            Labels.Builder eb = Labels.builder();
            for (RemoteWriteV2.TimeSeries ts : req.getTimeseriesList()) {
                int items = Math.max(1, ts.getSamplesCount() + ts.getHistogramsCount());
                List<Integer> refs = ts.getLabelsRefsList();
                if (refs.size() % 2 != 0) {
                    reject(items, "invalid labels_refs [reason=odd length, length=" + refs.size() + "]");
                    continue;
                }
                String bad = badRef(refs, symbols.size());
                if (bad != null) {
                    reject(items, bad);
                    continue;
                }
                lv.reset();
                for (int i = 0; i < refs.size(); i += 2) {
                    lv.add(symbols.get(refs.get(i)), symbols.get(refs.get(i + 1)));
                }
                Labels labels;
                try {
                    labels = lv.build(tl);
                } catch (LabelValidator.InvalidSeries e) {
                    reject(items, e.getMessage());
                    continue;
                }
                if (ts.getSamplesCount() > 0 && ts.getHistogramsCount() > 0) {
                    reject(items, "time series carries both samples and histograms [series=" + labels + "]");
                    continue;
                }
                if (ts.getSamplesCount() == 0 && ts.getHistogramsCount() == 0) {
                    reject(1, "time series carries neither samples nor histograms [series=" + labels + "]");
                    continue;
                }
                long ref = 0;
                for (RemoteWriteV2.Sample s : ts.getSamplesList()) {
                    ref = sample(ref, labels, s.getTimestamp(), s.getValue());
                }
                for (RemoteWriteV2.Histogram h : ts.getHistogramsList()) {
                    ref = histogram(ref, labels, h.getTimestamp(), () -> RemoteWriteHistograms.of(h));
                }
                for (RemoteWriteV2.Exemplar ex : ts.getExemplarsList()) {
                    String exBad = badRef(ex.getLabelsRefsList(), symbols.size());
                    if (exBad != null || ex.getLabelsRefsCount() % 2 != 0) {
                        reject(1, exBad != null ? exBad : "invalid exemplar labels_refs [reason=odd length]");
                        continue;
                    }
                    eb.reset();
                    for (int i = 0; i < ex.getLabelsRefsCount(); i += 2) {
                        eb.set(symbols.get(ex.getLabelsRefs(i)), symbols.get(ex.getLabelsRefs(i + 1)));
                    }
                    exemplar(ref, labels, new Exemplar(eb.build(), ex.getValue(), ex.getTimestamp()));
                }
                if (ts.hasMetadata()) {
                    RemoteWriteV2.Metadata md = ts.getMetadata();
                    int h = md.getHelpRef();
                    int u = md.getUnitRef();
                    if (h >= symbols.size() || u >= symbols.size()) {
                        reject(0, "metadata symbol ref out of range [help_ref=" + h + ", unit_ref=" + u
                                + ", symbols=" + symbols.size() + "]");
                    } else if (md.getTypeValue() != 0 || h != 0 || u != 0) {
                        app.updateMetadata(labels, new Metadata(type(md.getTypeValue()), symbols.get(h), symbols.get(u)));
                    }
                }
            }
            return commit();
        }

        /** 1.0 from the in-place decoder; the same rules and messages as {@link #writeV1(RemoteWriteV1.WriteRequest)}. */
        WriteResult writeV1(WireRequest req, Scratch sc, SeriesRefCache cache) {
            byte[] b = req.buf;
            Labels.Builder eb = null;
            for (int s = 0; s < req.series; s++) {
                int sampleCount = req.sampleCount(s);
                SeriesRefCache.Entry hit = sc.hits[s];
                Labels labels;
                long ref;
                if (hit != null) {
                    labels = hit.labels();
                    ref = hit.ref();
                } else {
                    lv.reset();
                    for (int i = req.labelFrom[s]; i < req.labelTo[s]; i++) {
                        lv.add(strings.get(b, req.nameOff[i], req.nameLen[i]), strings.get(b, req.valueOff[i], req.valueLen[i]));
                    }
                    try {
                        labels = lv.build(tl);
                    } catch (LabelValidator.InvalidSeries e) {
                        reject(sampleCount + Math.max(0, 1 - sampleCount), e.getMessage());
                        continue;
                    }
                    ref = 0;
                }
                for (int i = req.sampleFrom[s]; i < req.sampleTo[s]; i++) {
                    ref = sample(ref, labels, req.ts[i], req.vs[i]);
                }
                if (hit == null && ref != 0 && req.keyFrom[s] >= 0) {
                    cache.put(sc.hashes[s], b, req.keyFrom[s], req.keyTo[s], labels, ref);
                }
                for (int x = req.exemplarFrom[s]; x < req.exemplarTo[s]; x++) {
                    if (eb == null) {
                        eb = Labels.builder();
                    }
                    eb.reset();
                    for (int i = req.exLabelFrom[x]; i < req.exLabelTo[x]; i++) {
                        eb.set(LabelStrings.decode(b, req.xNameOff[i], req.xNameLen[i]),
                                LabelStrings.decode(b, req.xValueOff[i], req.xValueLen[i]));
                    }
                    exemplar(ref, labels, new Exemplar(eb.build(), req.exVs[x], req.exTs[x]));
                }
            }
            for (int m = 0; m < req.metadata; m++) {
                if (req.mdFamLen[m] > 0) {
                    app.updateMetadata(Labels.of(Labels.METRIC_NAME, LabelStrings.decode(b, req.mdFamOff[m], req.mdFamLen[m])),
                            new Metadata(type(req.mdType[m]), LabelStrings.decode(b, req.mdHelpOff[m], req.mdHelpLen[m]),
                                    LabelStrings.decode(b, req.mdUnitOff[m], req.mdUnitLen[m])));
                }
            }
            return commit();
        }

        /** 2.0 from the in-place decoder; the same rules and messages as {@link #writeV2(RemoteWriteV2.Request)}. */
        WriteResult writeV2(WireRequest req, Scratch sc, SeriesRefCache cache) {
            byte[] b = req.buf;
            int nsym = req.symbols;
            if (nsym > 0 && req.symLen[0] != 0) {
                reject(1, "invalid symbols table [reason=symbols[0] must be the empty string]");
                app.rollback();
                return new WriteResult(protocol, 0, 0, 0, rejected, List.copyOf(errors));
            }
            for (int s = 0; s < req.series; s++) {
                int sampleCount = req.sampleCount(s);
                int items = Math.max(1, sampleCount);
                int from = req.labelFrom[s];
                int to = req.labelTo[s];
                if ((to - from) % 2 != 0) {
                    reject(items, "invalid labels_refs [reason=odd length, length=" + (to - from) + "]");
                    continue;
                }
                String bad = null;
                for (int i = from; i < to; i++) {
                    int r = req.ref[i];
                    if (r < 0 || r >= nsym) {
                        bad = "symbol reference out of range [ref=" + Integer.toUnsignedLong(r) + ", symbols=" + nsym + "]";
                        break;
                    }
                }
                if (bad != null) {
                    reject(items, bad);
                    continue;
                }
                SeriesRefCache.Entry hit = sc.hits[s];
                Labels labels;
                long ref;
                if (hit != null) {
                    labels = hit.labels();
                    ref = hit.ref();
                } else {
                    lv.reset();
                    for (int i = from; i < to; i += 2) {
                        int n = req.ref[i];
                        int v = req.ref[i + 1];
                        lv.add(strings.get(b, req.symOff[n], req.symLen[n]), strings.get(b, req.symOff[v], req.symLen[v]));
                    }
                    try {
                        labels = lv.build(tl);
                    } catch (LabelValidator.InvalidSeries e) {
                        reject(items, e.getMessage());
                        continue;
                    }
                    ref = 0;
                }
                if (sampleCount == 0) {
                    reject(1, "time series carries neither samples nor histograms [series=" + labels + "]");
                    continue;
                }
                for (int i = req.sampleFrom[s]; i < req.sampleTo[s]; i++) {
                    ref = sample(ref, labels, req.ts[i], req.vs[i]);
                }
                if (hit == null && ref != 0 && keyV2(req, s, sc)) {
                    cache.put(sc.hashes[s], sc.key, 0, sc.keyLen, labels, ref);
                }
                if (req.metaType[s] >= 0) {
                    int h = req.metaHelp[s];
                    int u = req.metaUnit[s];
                    if (h >= nsym || u >= nsym) {
                        reject(0, "metadata symbol ref out of range [help_ref=" + h + ", unit_ref=" + u
                                + ", symbols=" + nsym + "]");
                    } else if (req.metaType[s] != 0 || h != 0 || u != 0) {
                        app.updateMetadata(labels, new Metadata(type(req.metaType[s]),
                                LabelStrings.decode(b, req.symOff[h], req.symLen[h]), LabelStrings.decode(b, req.symOff[u], req.symLen[u])));
                    }
                }
            }
            return commit();
        }

        private static String badRef(List<Integer> refs, int size) {
            for (int r : refs) {
                if (r < 0 || r >= size) {
                    return "symbol reference out of range [ref=" + Integer.toUnsignedLong(r) + ", symbols=" + size + "]";
                }
            }
            return null;
        }

        private WriteResult commit() {
            try {
                app.commit();
            } catch (RuntimeException e) {
                if (e instanceof ai.gatewayz.obs.common.SuiteException se && !(e instanceof StorageErrors.SampleRejected)) {
                    throw se;
                }
                throw IngestErrors.storageUnavailable(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            return new WriteResult(protocol, samples, histograms, exemplars, rejected, List.copyOf(errors));
        }
    }
}
