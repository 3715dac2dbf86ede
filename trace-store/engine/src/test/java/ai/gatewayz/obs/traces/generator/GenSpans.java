package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.Resource;
import ai.gatewayz.obs.traces.model.Scope;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import java.util.List;

/** Small span builders for generator tests; times in ms since the epoch, as the test clock runs. */
final class GenSpans {
    static final Scope SCOPE = new Scope("test", "1", List.of(), 0, "");

    private GenSpans() {
    }

    static Resource service(String name) {
        return new Resource(List.of(Attr.of("service.name", name)), 0, "");
    }

    static Span span(String service, int trace, long id, long parent, String name, int kind, int status, long endMs, long durMs,
            Attr... attrs) {
        long end = endMs * 1_000_000L;
        return new Span(new TraceId(7, trace), id, parent, "", 0, name, kind, end - durMs * 1_000_000L, end, List.of(attrs), 0,
                List.of(), 0, List.of(), 0, status, "", service(service), SCOPE);
    }
}
