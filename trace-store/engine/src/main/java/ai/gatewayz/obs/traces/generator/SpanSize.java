package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.SpanEvent;
import ai.gatewayz.obs.traces.model.SpanLink;
import com.google.protobuf.CodedOutputStream;
import java.util.List;

/**
 * The OTLP protobuf size of a span in bytes, what {@code traces_spanmetrics_size_total} adds up (Tempo
 * counts the encoded span). Computed field by field from the stored span without encoding it, so the
 * ingest path allocates nothing; equals {@code OtlpEncoder.span(s).getSerializedSize()}. Stateless.
 */
final class SpanSize {
    private SpanSize() {
    }

    static long of(Span s) {
        long n = bytesField(1, 16) + bytesField(2, 8) + string(3, s.traceState());
        if (s.parentSpanId() != 0) {
            n += bytesField(4, 8);
        }
        n += string(5, s.name());
        if (s.kind() != 0) {
            n += CodedOutputStream.computeEnumSize(6, s.kind());
        }
        if (s.startNanos() != 0) {
            n += CodedOutputStream.computeFixed64Size(7, s.startNanos());
        }
        if (s.endNanos() != 0) {
            n += CodedOutputStream.computeFixed64Size(8, s.endNanos());
        }
        n += keyValues(9, s.attributes()) + uint(10, s.droppedAttributes());
        for (SpanEvent e : s.events()) {
            long m = (e.timeNanos() != 0 ? CodedOutputStream.computeFixed64Size(1, e.timeNanos()) : 0) + string(2, e.name())
                    + keyValues(3, e.attributes()) + uint(4, e.droppedAttributes());
            n += message(11, m);
        }
        n += uint(12, s.droppedEvents());
        for (SpanLink l : s.links()) {
            long m = bytesField(1, 16) + bytesField(2, 8) + string(3, l.traceState()) + keyValues(4, l.attributes())
                    + uint(5, l.droppedAttributes()) + (l.flags() != 0 ? CodedOutputStream.computeFixed32Size(6, l.flags()) : 0);
            n += message(13, m);
        }
        n += uint(14, s.droppedLinks());
        if (s.statusCode() != 0 || !s.statusMessage().isEmpty()) {
            long m = string(2, s.statusMessage()) + (s.statusCode() != 0 ? CodedOutputStream.computeEnumSize(3, s.statusCode()) : 0);
            n += message(15, m);
        }
        if (s.flags() != 0) {
            n += CodedOutputStream.computeFixed32Size(16, s.flags());
        }
        return n;
    }

    private static long keyValues(int field, List<Attr> attrs) {
        long n = 0;
        for (Attr a : attrs) {
            n += message(field, string(1, a.key()) + message(2, anyValue(a.value())));
        }
        return n;
    }

    private static long anyValue(AttrValue v) {
        return switch (v.type()) {
            case EMPTY -> 0;
            case STRING -> CodedOutputStream.computeStringSize(1, v.stringValue());
            case BOOL -> CodedOutputStream.computeBoolSize(2, v.boolValue());
            case INT -> CodedOutputStream.computeInt64Size(3, v.intValue());
            case DOUBLE -> CodedOutputStream.computeDoubleSize(4, v.doubleValue());
            case ARRAY -> {
                long m = 0;
                for (AttrValue e : v.arrayValue()) {
                    m += message(1, anyValue(e));
                }
                yield message(5, m);
            }
            case KVLIST -> message(6, keyValues(1, v.kvlistValue()));
            case BYTES -> message(7, v.bytesValue().length);
        };
    }

    private static long message(int field, long size) {
        return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt64SizeNoTag(size) + size;
    }

    private static long bytesField(int field, int len) {
        return len == 0 ? 0 : message(field, len);
    }

    private static long string(int field, String s) {
        return s.isEmpty() ? 0 : CodedOutputStream.computeStringSize(field, s);
    }

    private static long uint(int field, int v) {
        return v == 0 ? 0 : CodedOutputStream.computeUInt32Size(field, v);
    }
}
