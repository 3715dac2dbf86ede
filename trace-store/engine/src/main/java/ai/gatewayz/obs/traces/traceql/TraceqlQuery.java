package ai.gatewayz.obs.traces.traceql;

import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.traceql.Ast.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed, type-checked TraceQL search query. Immutable and thread-safe: evaluate it on any number of traces at once. */
public final class TraceqlQuery {
    private final Ast.Query ast;
    private final List<Ast.AttrRef> shown = new ArrayList<>();
    private final Map<String, Field> selected = new LinkedHashMap<>();

    private TraceqlQuery(Ast.Query ast) {
        this.ast = ast;
        collect(ast.pipeline());
    }

    /** @throws ai.gatewayz.obs.common.SuiteException BAD_DATA with a Tempo-style message */
    public static TraceqlQuery parse(String text) {
        return new TraceqlQuery(Parser.parse(text));
    }

    public String text() {
        return ast.text();
    }

    /** The span fields this query reads and what a matching trace must contain, for a pruned scan. */
    public ai.gatewayz.obs.traces.storage.ScanPlan scanPlan() {
        return ScanPlanner.plan(ast.pipeline());
    }

    private void collect(Ast.Pipeline p) {
        for (Ast.Stage st : p.stages()) {
            switch (st) {
                case Ast.SpansetStage s -> collect(s.spansets());
                case Ast.Select s -> s.fields().forEach(f -> selected.put(label(f), f));
                default -> {
                }
            }
        }
    }

    private void collect(Ast.Spansets s) {
        switch (s) {
            case Ast.Filter f -> collect(f.condition());
            case Ast.SpansetOp op -> {
                collect(op.left());
                collect(op.right());
            }
            case Ast.Grouped g -> collect(g.pipeline());
        }
    }

    private void collect(Field f) {
        switch (f) {
            case Ast.AttrRef a when !a.parent() && (a.scope().isEmpty() || a.scope().equals("span")) -> {
                if (!shown.contains(a)) {
                    shown.add(a);
                }
            }
            case Ast.Binary b -> {
                collect(b.left());
                collect(b.right());
            }
            case Ast.Unary u -> collect(u.expr());
            default -> {
            }
        }
    }

    private static String label(Field f) {
        return switch (f) {
            case Ast.AttrRef a -> a.name();
            case Ast.Intrinsic i -> i.name();
            default -> f.toString();
        };
    }

    /** The result spansets of one trace (spans in start order); empty when the trace does not match. */
    public List<SpansetMatch> match(List<Span> trace) {
        if (trace.isEmpty()) {
            return List.of();
        }
        TraceView t = new TraceView(trace);
        List<Spanset> sets = Evaluator.pipeline(ast.pipeline(), t);
        List<SpansetMatch> out = new ArrayList<>(sets.size());
        for (Spanset s : sets) {
            List<Span> spans = new ArrayList<>();
            List<List<Attr>> attrs = new ArrayList<>();
            for (int i = s.spans().nextSetBit(0); i >= 0; i = s.spans().nextSetBit(i + 1)) {
                spans.add(trace.get(i));
                attrs.add(shownAttributes(t, i));
            }
            out.add(new SpansetMatch(spans, attrs, s.count()));
        }
        return out;
    }

    private List<Attr> shownAttributes(TraceView t, int i) {
        List<Attr> out = new ArrayList<>();
        Span s = t.spans.get(i);
        for (Ast.AttrRef a : shown) {
            AttrValue v = Attr.find(s.attributes(), a.name());
            if (v != null && !selected.containsKey(a.name())) {
                out.add(new Attr(a.name(), v));
            }
        }
        selected.forEach((label, f) -> {
            AttrValue v = toAttr(Evaluator.field(f, t, i));
            if (v != null) {
                out.add(new Attr(label, v));
            }
        });
        return out;
    }

    private static AttrValue toAttr(Value v) {
        return switch (v.type()) {
            case NIL -> null;
            case BOOL -> AttrValue.bool(v.isTrue());
            case INT, DURATION -> AttrValue.integer(v.l());
            case FLOAT -> AttrValue.dbl(v.d());
            case STRING, STATUS, KIND -> AttrValue.string(v.text());
            case ATTRIBUTE -> v.many().isEmpty() ? null : toAttr(v.many().getFirst());
        };
    }
}
