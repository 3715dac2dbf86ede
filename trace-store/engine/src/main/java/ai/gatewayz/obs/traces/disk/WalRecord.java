package ai.gatewayz.obs.traces.disk;

import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.ByteSource;
import ai.gatewayz.obs.storage.io.CorruptDataException;
import ai.gatewayz.obs.traces.model.Span;
import java.util.List;

/**
 * The payload of one WAL record: one append call of one tenant. Layout: type byte (1 = spans),
 * tenant string, a record-local {@link StringDictionary}, then a {@link SpanColumns} group.
 */
final class WalRecord {
    static final int TYPE_SPANS = 1;

    record Decoded(String tenant, List<Span> spans) {
    }

    private WalRecord() {
    }

    static void encode(String tenant, List<Span> spans, ByteSink out) {
        StringDictionary dict = StringDictionary.builder();
        ByteSink cols = new ByteSink(spans.size() * 128 + 64);
        SpanColumns.encode(spans, dict, cols);
        out.putByte(TYPE_SPANS).putString(tenant);
        dict.writeTo(out);
        out.putBytes(cols.array(), 0, cols.length());
    }

    static Decoded decode(byte[] buf, int off, int len) {
        ByteSource in = new ByteSource(buf, off, len);
        int type = in.getByte();
        if (type != TYPE_SPANS) {
            throw new CorruptDataException("unknown trace WAL record type [type=" + type + "]");
        }
        String tenant = in.getString();
        StringDictionary dict = StringDictionary.read(in);
        return new Decoded(tenant, SpanColumns.decode(in, dict));
    }
}
