package ai.gatewayz.obs.traces.otlp;

import ai.gatewayz.obs.otlp.OtlpJson;
import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.model.Ids;
import ai.gatewayz.obs.traces.model.Resource;
import ai.gatewayz.obs.traces.model.Scope;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.SpanEvent;
import ai.gatewayz.obs.traces.model.SpanLink;
import ai.gatewayz.obs.traces.model.TraceId;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.util.ArrayList;
import java.util.List;

/** OTLP protobuf messages to stored spans, validating ids and limits span by span. Stateless. */
public final class OtlpDecoder {
    private OtlpDecoder() {
    }

    public static ExportTraceServiceRequest parse(byte[] body) {
        try {
            return ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw ai.gatewayz.obs.otlp.OtlpErrors.badProtobuf("ExportTraceServiceRequest", e.getMessage());
        }
    }

    /** An OTLP/JSON export (hex ids), read by the suite's one OTLP/JSON reader. */
    public static ExportTraceServiceRequest parseJson(String json) {
        return OtlpJson.parse(json, ExportTraceServiceRequest.newBuilder(), "ExportTraceServiceRequest").build();
    }

    public static DecodedExport decode(ExportTraceServiceRequest req, IngestLimits limits) {
        List<Span> out = new ArrayList<>();
        int rejected = 0;
        String reason = null;
        for (ResourceSpans rs : req.getResourceSpansList()) {
            Resource resource = new Resource(attrs(rs.getResource().getAttributesList()),
                    rs.getResource().getDroppedAttributesCount(), rs.getSchemaUrl());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                var sc = ss.getScope();
                Scope scope = new Scope(sc.getName(), sc.getVersion(), attrs(sc.getAttributesList()),
                        sc.getDroppedAttributesCount(), ss.getSchemaUrl());
                for (io.opentelemetry.proto.trace.v1.Span p : ss.getSpansList()) {
                    String why = validate(p, limits);
                    if (why != null) {
                        rejected++;
                        reason = reason == null ? why : reason;
                        continue;
                    }
                    out.add(span(p, resource, scope));
                }
            }
        }
        return new DecodedExport(out, rejected, reason);
    }

    private static String validate(io.opentelemetry.proto.trace.v1.Span p, IngestLimits limits) {
        if (!nonZero(p.getTraceId(), 16)) {
            return OtlpErrors.invalidId("traceId", p.getTraceId().size());
        }
        if (!nonZero(p.getSpanId(), 8)) {
            return OtlpErrors.invalidId("spanId", p.getSpanId().size());
        }
        if (!p.getParentSpanId().isEmpty() && p.getParentSpanId().size() != 8) {
            return "invalid span: parentSpanId must be empty or 8 bytes [field=parentSpanId, length="
                    + p.getParentSpanId().size() + "]";
        }
        if (p.getAttributesCount() > limits.maxAttributesPerSpan()) {
            return "span has too many attributes [spanId=" + Ids.hex(p.getSpanId().toByteArray()) + ", attributes="
                    + p.getAttributesCount() + ", limit=" + limits.maxAttributesPerSpan() + "]";
        }
        for (KeyValue kv : p.getAttributesList()) {
            if (kv.getValue().getStringValue().length() > limits.maxAttributeValueBytes()) {
                return "span attribute value too long [spanId=" + Ids.hex(p.getSpanId().toByteArray()) + ", key=" + kv.getKey()
                        + ", length=" + kv.getValue().getStringValue().length() + ", limit=" + limits.maxAttributeValueBytes() + "]";
            }
        }
        return null;
    }

    private static boolean nonZero(ByteString b, int len) {
        if (b.size() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b.byteAt(i) != 0) {
                return true;
            }
        }
        return false;
    }

    private static long spanId(ByteString b) {
        return b.size() == 8 ? Ids.getLong(b.toByteArray(), 0) : 0;
    }

    private static Span span(io.opentelemetry.proto.trace.v1.Span p, Resource resource, Scope scope) {
        List<SpanEvent> events = new ArrayList<>(p.getEventsCount());
        for (var e : p.getEventsList()) {
            events.add(new SpanEvent(e.getTimeUnixNano(), e.getName(), attrs(e.getAttributesList()), e.getDroppedAttributesCount()));
        }
        List<SpanLink> links = new ArrayList<>(p.getLinksCount());
        for (var l : p.getLinksList()) {
            TraceId lt = l.getTraceId().size() == 16 ? TraceId.of(l.getTraceId().toByteArray()) : TraceId.ZERO;
            links.add(new SpanLink(lt, spanId(l.getSpanId()), l.getTraceState(), attrs(l.getAttributesList()),
                    l.getDroppedAttributesCount(), l.getFlags()));
        }
        return new Span(TraceId.of(p.getTraceId().toByteArray()), spanId(p.getSpanId()), spanId(p.getParentSpanId()),
                p.getTraceState(), p.getFlags(), p.getName(), p.getKindValue(), p.getStartTimeUnixNano(), p.getEndTimeUnixNano(),
                attrs(p.getAttributesList()), p.getDroppedAttributesCount(), events, p.getDroppedEventsCount(), links,
                p.getDroppedLinksCount(), p.getStatus().getCodeValue(), p.getStatus().getMessage(), resource, scope);
    }

    static List<Attr> attrs(List<KeyValue> kvs) {
        List<Attr> out = new ArrayList<>(kvs.size());
        for (KeyValue kv : kvs) {
            out.add(new Attr(kv.getKey(), value(kv.getValue())));
        }
        return out;
    }

    static AttrValue value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> AttrValue.string(v.getStringValue());
            case BOOL_VALUE -> AttrValue.bool(v.getBoolValue());
            case INT_VALUE -> AttrValue.integer(v.getIntValue());
            case DOUBLE_VALUE -> AttrValue.dbl(v.getDoubleValue());
            case BYTES_VALUE -> AttrValue.bytes(v.getBytesValue().toByteArray());
            case ARRAY_VALUE -> {
                List<AttrValue> vs = new ArrayList<>();
                for (AnyValue e : v.getArrayValue().getValuesList()) {
                    vs.add(value(e));
                }
                yield AttrValue.array(vs);
            }
            case KVLIST_VALUE -> AttrValue.kvlist(attrs(v.getKvlistValue().getValuesList()));
            default -> AttrValue.EMPTY_VALUE;
        };
    }
}
