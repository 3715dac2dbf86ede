package ai.gatewayz.obs.remotewrite;

import ai.gatewayz.obs.common.Labels;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * Encodes a batch of samples as a remote-write 1.0 {@code prometheus.WriteRequest} or 2.0
 * {@code io.prometheus.write.v2.Request} (field numbers of libs/proto's remote_write_v1/v2.proto) and
 * snappy-compresses it (block format). Written directly with {@link CodedOutputStream} instead of the
 * generated builders so that values go out as their raw bits (a staleness marker stays
 * {@code 0x7ff0000000000002}) and buffers are reused from batch to batch. One series per sample, as
 * Prometheus 2.x sends, with the sample's exemplar (if any) in the same series ({@code exemplars}:
 * field 3 in 1.0, field 4 in 2.0). Not thread-safe: each shard owns one.
 */
final class WriteRequestEncoder {
    private final RemoteWriteOptions.Protocol protocol;
    private byte[] raw = new byte[64 << 10];
    private byte[] compressed = new byte[Snappy.maxCompressedLength(64 << 10)];
    private final Map<String, Integer> symbols = new HashMap<>();
    private String[] symbolList = new String[256];
    private int[] refs = new int[64];
    private int[] sizes = new int[64];

    WriteRequestEncoder(RemoteWriteOptions.Protocol protocol) {
        this.protocol = protocol;
    }

    /** Encodes {@code n} samples and returns the length of the compressed body in {@link #body()}. */
    int encode(Labels[] labels, long[] ts, long[] valueBits, Exemplar[] exemplars, int n) {
        int len = protocol == RemoteWriteOptions.Protocol.V1 ? encodeV1(labels, ts, valueBits, exemplars, n)
                : encodeV2(labels, ts, valueBits, exemplars, n);
        int max = Snappy.maxCompressedLength(len);
        if (compressed.length < max) {
            compressed = new byte[max];
        }
        try {
            return Snappy.compress(raw, 0, len, compressed, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] body() {
        return compressed;
    }

    private int encodeV1(Labels[] labels, long[] ts, long[] vb, Exemplar[] ex, int n) {
        if (sizes.length < n) {
            sizes = new int[n];
        }
        int total = 0;
        for (int i = 0; i < n; i++) {
            int sz = labelsSizeV1(labels[i]) + CodedOutputStream.computeTagSize(2) + 1 + sampleSize(ts[i]);
            if (ex[i] != null) {
                int es = exemplarSizeV1(ex[i]);
                sz += CodedOutputStream.computeTagSize(3) + CodedOutputStream.computeUInt32SizeNoTag(es) + es;
            }
            sizes[i] = sz;
            total += CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(sz) + sz;
        }
        ensure(total);
        CodedOutputStream out = CodedOutputStream.newInstance(raw, 0, total);
        try {
            for (int i = 0; i < n; i++) {
                Labels l = labels[i];
                out.writeTag(1, 2);
                out.writeUInt32NoTag(sizes[i]);
                writeLabelsV1(out, l);
                out.writeTag(2, 2);
                out.writeUInt32NoTag(sampleSize(ts[i]));
                out.writeFixed64(1, vb[i]);
                out.writeInt64(2, ts[i]);
                if (ex[i] != null) {
                    out.writeTag(3, 2);
                    out.writeUInt32NoTag(exemplarSizeV1(ex[i]));
                    writeLabelsV1(out, ex[i].labels());
                    out.writeDouble(2, ex[i].value());
                    out.writeInt64(3, ex[i].timestampMs());
                }
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }

    private static void writeLabelsV1(CodedOutputStream out, Labels l) throws IOException {
        for (int k = 0; k < l.size(); k++) {
            out.writeTag(1, 2);
            out.writeUInt32NoTag(labelSizeV1(l.name(k), l.value(k)));
            out.writeString(1, l.name(k));
            out.writeString(2, l.value(k));
        }
    }

    /** Exemplar {labels = 1 (repeated Label); value double = 2; timestamp int64 = 3}. */
    private static int exemplarSizeV1(Exemplar e) {
        return labelsSizeV1(e.labels()) + CodedOutputStream.computeDoubleSize(2, e.value())
                + CodedOutputStream.computeInt64Size(3, e.timestampMs());
    }

    private static int labelSizeV1(String name, String value) {
        return CodedOutputStream.computeStringSize(1, name) + CodedOutputStream.computeStringSize(2, value);
    }

    private static int labelsSizeV1(Labels l) {
        int s = 0;
        for (int k = 0; k < l.size(); k++) {
            int ls = labelSizeV1(l.name(k), l.value(k));
            s += CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(ls) + ls;
        }
        return s;
    }

    /** Sample {value fixed64 = 1; timestamp int64 = 2}; its size never exceeds 127 so one length byte. */
    private static int sampleSize(long t) {
        return CodedOutputStream.computeTagSize(1) + 8 + CodedOutputStream.computeInt64Size(2, t);
    }

    private int encodeV2(Labels[] labels, long[] ts, long[] vb, Exemplar[] ex, int n) {
        symbols.clear();
        int nsym = 0;
        nsym = intern("", nsym);
        int totalRefs = 0;
        for (int i = 0; i < n; i++) {
            totalRefs += labels[i].size() * 2 + (ex[i] == null ? 0 : ex[i].labels().size() * 2);
        }
        if (refs.length < totalRefs) {
            refs = new int[totalRefs];
        }
        // per series: its label refs, then its exemplar's label refs
        int r = 0;
        for (int i = 0; i < n; i++) {
            r = internAll(labels[i], r, nsym);
            nsym = symbolCount;
            if (ex[i] != null) {
                r = internAll(ex[i].labels(), r, nsym);
                nsym = symbolCount;
            }
        }
        int total = 0;
        for (int s = 0; s < nsym; s++) {
            total += CodedOutputStream.computeStringSize(4, symbolList[s]);
        }
        r = 0;
        for (int i = 0; i < n; i++) {
            int ts2 = seriesSizeV2(labels[i].size() * 2, r, ts[i], ex[i]);
            r += labels[i].size() * 2 + (ex[i] == null ? 0 : ex[i].labels().size() * 2);
            total += CodedOutputStream.computeTagSize(5) + CodedOutputStream.computeUInt32SizeNoTag(ts2) + ts2;
        }
        ensure(total);
        CodedOutputStream out = CodedOutputStream.newInstance(raw, 0, total);
        try {
            for (int s = 0; s < nsym; s++) {
                out.writeString(4, symbolList[s]);
            }
            r = 0;
            for (int i = 0; i < n; i++) {
                int nr = labels[i].size() * 2;
                out.writeTag(5, 2);
                out.writeUInt32NoTag(seriesSizeV2(nr, r, ts[i], ex[i]));
                writeRefs(out, 1, nr, r);
                r += nr;
                out.writeTag(2, 2);
                out.writeUInt32NoTag(sampleSize(ts[i]));
                out.writeFixed64(1, vb[i]);
                out.writeInt64(2, ts[i]);
                if (ex[i] != null) {
                    int er = ex[i].labels().size() * 2;
                    out.writeTag(4, 2);
                    out.writeUInt32NoTag(exemplarSizeV2(er, r, ex[i]));
                    writeRefs(out, 1, er, r);
                    r += er;
                    out.writeDouble(2, ex[i].value());
                    out.writeInt64(3, ex[i].timestampMs());
                }
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }

    private int symbolCount;

    /** Interns the names and values of {@code l}, writing their refs from {@code r}; returns the next ref slot. */
    private int internAll(Labels l, int r, int nsym) {
        for (int k = 0; k < l.size(); k++) {
            nsym = intern(l.name(k), nsym);
            refs[r++] = symbols.get(l.name(k));
            nsym = intern(l.value(k), nsym);
            refs[r++] = symbols.get(l.value(k));
        }
        symbolCount = nsym;
        return r;
    }

    /** A packed {@code repeated uint32} field (labels_refs). */
    private void writeRefs(CodedOutputStream out, int field, int nr, int from) throws IOException {
        out.writeTag(field, 2);
        out.writeUInt32NoTag(refsSize(nr, from));
        for (int k = 0; k < nr; k++) {
            out.writeUInt32NoTag(refs[from + k]);
        }
    }

    private int refsSize(int nr, int from) {
        int s = 0;
        for (int k = 0; k < nr; k++) {
            s += CodedOutputStream.computeUInt32SizeNoTag(refs[from + k]);
        }
        return s;
    }

    private int seriesSizeV2(int nr, int from, long t, Exemplar e) {
        int rs = refsSize(nr, from);
        int s = CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(rs) + rs
                + CodedOutputStream.computeTagSize(2) + 1 + sampleSize(t);
        if (e != null) {
            int es = exemplarSizeV2(e.labels().size() * 2, from + nr, e);
            s += CodedOutputStream.computeTagSize(4) + CodedOutputStream.computeUInt32SizeNoTag(es) + es;
        }
        return s;
    }

    /** Exemplar {labels_refs packed = 1; value double = 2; timestamp int64 = 3}. */
    private int exemplarSizeV2(int nr, int from, Exemplar e) {
        int rs = refsSize(nr, from);
        return CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(rs) + rs
                + CodedOutputStream.computeDoubleSize(2, e.value()) + CodedOutputStream.computeInt64Size(3, e.timestampMs());
    }

    private int intern(String s, int nsym) {
        if (symbols.putIfAbsent(s, nsym) != null) {
            return nsym;
        }
        if (nsym == symbolList.length) {
            symbolList = java.util.Arrays.copyOf(symbolList, nsym * 2);
        }
        symbolList[nsym] = s;
        return nsym + 1;
    }

    private void ensure(int len) {
        if (raw.length < len) {
            raw = new byte[Math.max(len, raw.length * 2)];
        }
    }
}
