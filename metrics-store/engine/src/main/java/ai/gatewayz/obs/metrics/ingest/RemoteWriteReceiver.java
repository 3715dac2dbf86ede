package ai.gatewayz.obs.metrics.ingest;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.limits.IngestionRateLimiter;
import ai.gatewayz.obs.metrics.limits.LimitsRegistry;
import ai.gatewayz.obs.metrics.limits.TenantLimits;
import ai.gatewayz.obs.metrics.model.Exemplar;
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
import java.util.List;
import java.util.Locale;
import org.xerial.snappy.Snappy;

/**
 * Decodes, validates and stores Prometheus remote-write 1.0 and 2.0 requests
 * (wire-protocols.md §1). The schema is chosen from {@code Content-Type} only; the body is snappy
 * <em>block</em> format. Valid series are kept even when others in the same request are refused
 * (the result then carries the reasons and answers 400). Thread-safe: holds no per-request state.
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
            int len = Snappy.uncompressedLength(body);
            if (!Snappy.isValidCompressedBuffer(body)) {
                throw IngestErrors.malformedSnappy("corrupt compressed data");
            }
            byte[] out = new byte[len];
            int n = Snappy.uncompress(body, 0, body.length, out, 0);
            if (n != len) {
                throw IngestErrors.malformedSnappy("length mismatch [declared=" + len + ", actual=" + n + "]");
            }
            return out;
        } catch (IOException e) {
            throw IngestErrors.malformedSnappy(e.getMessage());
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
        byte[] raw = uncompress(body);
        TenantLimits tl = limits.forTenant(tenant);
        if (protocol == Protocol.V1) {
            RemoteWriteV1.WriteRequest req;
            try {
                req = RemoteWriteV1.WriteRequest.parseFrom(raw);
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
            req = RemoteWriteV2.Request.parseFrom(raw);
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
                if (ts.getHistogramsCount() > 0) {
                    reject(ts.getHistogramsCount(), "native histograms are not supported [count=" + ts.getHistogramsCount()
                            + ", series=" + labels + "]");
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
                if (ts.getHistogramsCount() > 0) {
                    reject(ts.getHistogramsCount(), "native histograms are not supported [count=" + ts.getHistogramsCount()
                            + ", series=" + labels + "]");
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
            return new WriteResult(protocol, samples, 0, exemplars, rejected, List.copyOf(errors));
        }
    }
}
