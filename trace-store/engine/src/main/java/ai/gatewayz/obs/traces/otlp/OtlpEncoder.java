package ai.gatewayz.obs.traces.otlp;

import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.model.Ids;
import ai.gatewayz.obs.traces.model.Resource;
import ai.gatewayz.obs.traces.model.Scope;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.SpanEvent;
import ai.gatewayz.obs.traces.model.SpanLink;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stored spans back to OTLP {@code TracesData}, grouped by resource and scope in first-seen order. Stateless. */
public final class OtlpEncoder {
    private OtlpEncoder() {
    }

    public static TracesData encode(List<Span> spans) {
        Map<Resource, Map<Scope, ScopeSpans.Builder>> groups = new LinkedHashMap<>();
        for (Span s : spans) {
            groups.computeIfAbsent(s.resource(), r -> new LinkedHashMap<>())
                    .computeIfAbsent(s.scope(), OtlpEncoder::scopeBuilder)
                    .addSpans(span(s));
        }
        TracesData.Builder td = TracesData.newBuilder();
        groups.forEach((r, scopes) -> {
            ResourceSpans.Builder rs = ResourceSpans.newBuilder().setSchemaUrl(r.schemaUrl());
            rs.getResourceBuilder().addAllAttributes(kvs(r.attributes())).setDroppedAttributesCount(r.droppedAttributes());
            scopes.values().forEach(rs::addScopeSpans);
            td.addResourceSpans(rs);
        });
        return td.build();
    }

    private static ScopeSpans.Builder scopeBuilder(Scope s) {
        return ScopeSpans.newBuilder().setSchemaUrl(s.schemaUrl()).setScope(InstrumentationScope.newBuilder()
                .setName(s.name()).setVersion(s.version()).addAllAttributes(kvs(s.attributes()))
                .setDroppedAttributesCount(s.droppedAttributes()));
    }

    public static io.opentelemetry.proto.trace.v1.Span span(Span s) {
        var b = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                .setTraceId(ByteString.copyFrom(s.traceId().toBytes()))
                .setSpanId(ByteString.copyFrom(Ids.spanBytes(s.spanId())))
                .setTraceState(s.traceState()).setFlags(s.flags()).setName(s.name()).setKindValue(s.kind())
                .setStartTimeUnixNano(s.startNanos()).setEndTimeUnixNano(s.endNanos())
                .addAllAttributes(kvs(s.attributes())).setDroppedAttributesCount(s.droppedAttributes())
                .setDroppedEventsCount(s.droppedEvents()).setDroppedLinksCount(s.droppedLinks());
        if (s.parentSpanId() != 0) {
            b.setParentSpanId(ByteString.copyFrom(Ids.spanBytes(s.parentSpanId())));
        }
        for (SpanEvent e : s.events()) {
            b.addEventsBuilder().setTimeUnixNano(e.timeNanos()).setName(e.name()).addAllAttributes(kvs(e.attributes()))
                    .setDroppedAttributesCount(e.droppedAttributes());
        }
        for (SpanLink l : s.links()) {
            b.addLinksBuilder().setTraceId(ByteString.copyFrom(l.traceId().toBytes()))
                    .setSpanId(ByteString.copyFrom(Ids.spanBytes(l.spanId()))).setTraceState(l.traceState())
                    .addAllAttributes(kvs(l.attributes())).setDroppedAttributesCount(l.droppedAttributes()).setFlags(l.flags());
        }
        if (s.statusCode() != 0 || !s.statusMessage().isEmpty()) {
            b.setStatus(Status.newBuilder().setCodeValue(s.statusCode()).setMessage(s.statusMessage()));
        }
        return b.build();
    }

    static List<KeyValue> kvs(List<Attr> attrs) {
        return attrs.stream().map(a -> KeyValue.newBuilder().setKey(a.key()).setValue(value(a.value())).build()).toList();
    }

    public static AnyValue value(AttrValue v) {
        AnyValue.Builder b = AnyValue.newBuilder();
        switch (v.type()) {
            case EMPTY -> {
            }
            case STRING -> b.setStringValue(v.stringValue());
            case BOOL -> b.setBoolValue(v.boolValue());
            case INT -> b.setIntValue(v.intValue());
            case DOUBLE -> b.setDoubleValue(v.doubleValue());
            case BYTES -> b.setBytesValue(ByteString.copyFrom(v.bytesValue()));
            case ARRAY -> b.setArrayValue(ArrayValue.newBuilder().addAllValues(v.arrayValue().stream().map(OtlpEncoder::value).toList()));
            case KVLIST -> b.setKvlistValue(KeyValueList.newBuilder().addAllValues(kvs(v.kvlistValue())));
        }
        return b.build();
    }
}
