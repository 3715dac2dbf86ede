package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.model.MetricType;
import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.ByteSource;
import ai.gatewayz.obs.storage.io.CorruptDataException;

/**
 * Payloads of the TSDB's WAL and checkpoint records (docs/formats/wal.md). The first byte is the
 * record type; integers are varints, values are raw IEEE-754 bits (8 bytes, big-endian) so NaN
 * payloads such as the staleness marker survive exactly.
 */
final class WalRecords {
    static final int SERIES = 1;
    static final int SAMPLES = 2;
    static final int EXEMPLARS = 3;
    static final int METADATA = 4;
    /** Native histogram samples (integer and float), each in {@link HistogramCodec} form. */
    static final int HISTOGRAMS = 5;
    /** Checkpoint only: the chunks of one series. */
    static final int CHUNKS = 10;
    /** Checkpoint only: the out-of-order points of one series. */
    static final int OOO = 11;
    /** Checkpoint only: the histogram chunks of one series. */
    static final int HCHUNKS = 12;
    /** Checkpoint only: the out-of-order histogram samples of one series. */
    static final int HOOO = 13;

    private WalRecords() {
    }

    static void putLabels(ByteSink s, Labels l) {
        s.putUvarint(l.size());
        for (int i = 0; i < l.size(); i++) {
            s.putString(l.name(i));
            s.putString(l.value(i));
        }
    }

    static Labels getLabels(ByteSource src, Labels.Builder b) {
        int n = src.getUvarintInt();
        b.reset();
        for (int i = 0; i < n; i++) {
            b.set(src.getString(), src.getString());
        }
        return b.build();
    }

    static void putMetadata(ByteSink s, String family, Metadata md) {
        s.putString(family);
        s.putByte(md.type().ordinal());
        s.putString(md.help());
        s.putString(md.unit());
    }

    static Metadata getMetadata(ByteSource src) {
        int t = src.getByte();
        MetricType[] types = MetricType.values();
        if (t >= types.length) {
            throw new CorruptDataException("unknown metric type in WAL [type=" + t + "]");
        }
        return new Metadata(types[t], src.getString(), src.getString());
    }

    static void putExemplar(ByteSink s, long ref, Exemplar e) {
        s.putUvarint(ref);
        s.putVarint(e.timestampMs());
        s.putLong(Double.doubleToRawLongBits(e.value()));
        putLabels(s, e.labels());
    }

    static Exemplar getExemplar(ByteSource src, long[] refOut, Labels.Builder b) {
        refOut[0] = src.getUvarint();
        long t = src.getVarint();
        double v = Double.longBitsToDouble(src.getLong());
        return new Exemplar(getLabels(src, b), v, t);
    }
}
