package ai.gatewayz.obs.logs.storage.disk;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.ByteSource;
import ai.gatewayz.obs.storage.io.CorruptDataException;
import java.util.List;

/**
 * Payload of one log WAL record (one committed push), framed by storage-core's RecordFraming.
 * Layout in docs/formats/log-wal.md. Stateless.
 */
final class WalRecords {
    static final int TYPE_ENTRIES = 1;

    private WalRecords() {
    }

    /** Receives each entry of a decoded record. */
    interface EntrySink {
        void accept(Labels stream, long ts, String line, Labels metadata);
    }

    /** Encodes entries grouped by consecutive equal streams. */
    static void encode(List<Labels> streams, List<LogEntry> entries, ByteSink out) {
        out.putByte(TYPE_ENTRIES);
        int groups = 0;
        for (int i = 0; i < streams.size(); i++) {
            if (i == 0 || !streams.get(i).equals(streams.get(i - 1))) {
                groups++;
            }
        }
        out.putUvarint(groups);
        int i = 0;
        while (i < streams.size()) {
            Labels s = streams.get(i);
            int j = i;
            while (j < streams.size() && streams.get(j).equals(s)) {
                j++;
            }
            putLabels(s, out);
            out.putUvarint(j - i);
            for (int k = i; k < j; k++) {
                LogEntry e = entries.get(k);
                out.putVarint(e.timestampNanos());
                out.putString(e.line());
                putLabels(e.metadata(), out);
            }
            i = j;
        }
    }

    static void decode(byte[] buf, int off, int len, EntrySink sink) {
        ByteSource in = new ByteSource(buf, off, len);
        int type = in.getByte();
        if (type != TYPE_ENTRIES) {
            throw new CorruptDataException("unknown WAL record type [type=" + type + "]");
        }
        long groups = in.getUvarint();
        for (long g = 0; g < groups; g++) {
            Labels stream = getLabels(in);
            long n = in.getUvarint();
            for (long k = 0; k < n; k++) {
                long ts = in.getVarint();
                String line = in.getString();
                sink.accept(stream, ts, line, getLabels(in));
            }
        }
        if (in.hasRemaining()) {
            throw new CorruptDataException("trailing bytes in WAL record [remaining=" + in.remaining() + "]");
        }
    }

    static void putLabels(Labels l, ByteSink out) {
        out.putUvarint(l.size());
        for (int i = 0; i < l.size(); i++) {
            out.putString(l.name(i));
            out.putString(l.value(i));
        }
    }

    static Labels getLabels(ByteSource in) {
        int n = in.getUvarintInt();
        if (n == 0) {
            return Labels.EMPTY;
        }
        Labels.Builder b = Labels.builder();
        for (int i = 0; i < n; i++) {
            b.set(in.getString(), in.getString());
        }
        return b.build();
    }
}
