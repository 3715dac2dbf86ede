package ai.gatewayz.obs.traces.storage;

import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.model.Resource;
import ai.gatewayz.obs.traces.model.Scope;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.SpanEvent;
import ai.gatewayz.obs.traces.model.SpanLink;
import ai.gatewayz.obs.traces.model.TraceId;
import java.util.List;

/** Spans shaped like the gateway's, for storage tests. */
public final class TestSpans {
    public static final Resource GATEWAY = new Resource(List.of(Attr.of("service.name", "gatewayz"),
            Attr.of("deployment.environment", "test")), 0, "https://opentelemetry.io/schemas/1.26.0");
    public static final Scope SCOPE = new Scope("gatewayz.sim", "1.0", List.of(), 0, "");

    private TestSpans() {
    }

    public static TraceId trace(int n) {
        return new TraceId(0x1000 + n, 0xABCDEF00L + n);
    }

    /** A span of trace {@code t}; span id {@code id}, parent {@code parent} (0 = root). */
    public static Span span(int t, long id, long parent, String name, long startNanos, long durNanos) {
        return new Span(trace(t), id, parent, "", 1, name, parent == 0 ? Span.KIND_SERVER : Span.KIND_CLIENT,
                startNanos, startNanos + durNanos,
                List.of(Attr.of("http.method", "POST"), Attr.of("gen_ai.system", "openai"),
                        Attr.of("gen_ai.request.model", "gpt-4o"), Attr.of("gen_ai.usage.input_tokens", 12),
                        new Attr("ratio", AttrValue.dbl(0.25)), new Attr("cached", AttrValue.bool(true))),
                0, List.of(), 0, List.of(), 0, Span.STATUS_UNSET, "", GATEWAY, SCOPE);
    }

    /** A span carrying every kind of field: events, links, nested values, status, dropped counts. */
    public static Span rich(int t, long id, long startNanos) {
        return new Span(trace(t), id, 7, "k=v", 0x101, "provider call", Span.KIND_CLIENT, startNanos, startNanos + 5_000_123,
                List.of(Attr.of("gen_ai.usage.output_tokens", 99), new Attr("blob", AttrValue.bytes(new byte[] {1, 2, 3})),
                        new Attr("list", AttrValue.array(List.of(AttrValue.string("a"), AttrValue.integer(-3)))),
                        new Attr("map", AttrValue.kvlist(List.of(Attr.of("inner", "x")))), new Attr("none", AttrValue.EMPTY_VALUE),
                        Attr.of("gen_ai.system", "anthropic"), Attr.of("gen_ai.system", "second copy")),
                2,
                List.of(new SpanEvent(startNanos + 10, "retry", List.of(Attr.of("attempt", 2)), 1),
                        new SpanEvent(startNanos - 5, "before", List.of(), 0)),
                3, List.of(new SpanLink(trace(t + 100), 0x55, "a=b", List.of(Attr.of("why", "failover")), 0, 1)), 4,
                Span.STATUS_ERROR, "upstream 503", GATEWAY, new Scope("other", "", List.of(Attr.of("s", 1)), 0, "u"));
    }
}
