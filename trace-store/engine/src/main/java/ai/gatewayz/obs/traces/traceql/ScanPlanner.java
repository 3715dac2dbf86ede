package ai.gatewayz.obs.traces.traceql;

import ai.gatewayz.obs.traces.storage.ScanPlan;
import ai.gatewayz.obs.traces.traceql.Ast.Field;
import ai.gatewayz.obs.traces.traceql.Ast.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Derives a {@link ScanPlan} from a search pipeline: the span fields any of its expressions read,
 * and what every matching trace must contain. A requirement is only taken from a spanset that
 * must be non-empty for the trace to match (every spanset stage of the pipeline; both operands
 * of {@code &&} and of structural operators, the right one of negated structural operators; no
 * operand of {@code ||}), and only from a conjunct of its condition: {@code field = "literal"}
 * (the literal must be a stored string) and {@code duration > d} / {@code >= d}. Stateless.
 */
final class ScanPlanner {
    private static final Set<String> DEDICATED = Set.of("gen_ai.system", "gen_ai.request.model", "gen_ai.usage.input_tokens",
            "gen_ai.usage.output_tokens");
    // intrinsics whose string values are stored strings (names, messages, services, scopes)
    private static final Set<String> STORED_STRINGS = Set.of("name", "statusMessage", "rootName", "rootServiceName", "event:name",
            "instrumentation:name", "instrumentation:version");

    private boolean name;
    private boolean kind;
    private boolean status;
    private boolean attributes;
    private boolean genAi;
    private boolean events;
    private boolean links;
    private boolean whole;
    private final List<String> required = new ArrayList<>();
    private long minDuration;

    private ScanPlanner() {
    }

    static ScanPlan plan(Ast.Pipeline p) {
        ScanPlanner s = new ScanPlanner();
        s.needs(p);
        s.requirements(p);
        if (s.whole) {
            return new ScanPlan(true, true, true, true, false, true, true, s.required, s.minDuration);
        }
        return new ScanPlan(s.name, s.kind, s.status, s.attributes, s.genAi && !s.attributes, s.events, s.links,
                s.required.stream().distinct().toList(), s.minDuration);
    }

    // ---- fields read

    private void needs(Ast.Pipeline p) {
        for (Ast.Stage st : p.stages()) {
            switch (st) {
                case Ast.SpansetStage s -> needs(s.spansets());
                case Ast.By b -> b.fields().forEach(this::needs);
                case Ast.Select s -> s.fields().forEach(this::needs);
                case Ast.ScalarFilter f -> {
                    needs(f.left());
                    needs(f.right());
                }
                case Ast.Coalesce c -> {
                }
            }
        }
    }

    private void needs(Ast.Spansets s) {
        switch (s) {
            case Ast.Filter f -> needs(f.condition());
            case Ast.SpansetOp op -> {
                needs(op.left());
                needs(op.right());
            }
            case Ast.Grouped g -> needs(g.pipeline());
        }
    }

    private void needs(Ast.Scalar s) {
        switch (s) {
            case Ast.Aggregate a -> {
                if (a.arg() != null) {
                    needs(a.arg());
                }
            }
            case Ast.ScalarBinary b -> {
                needs(b.left());
                needs(b.right());
            }
            case Ast.ScalarNeg n -> needs(n.expr());
            case Ast.ScalarLit l -> {
            }
        }
    }

    private void needs(Field f) {
        switch (f) {
            case Ast.Lit l -> {
            }
            case Ast.Binary b -> {
                needs(b.left());
                needs(b.right());
            }
            case Ast.Unary u -> needs(u.expr());
            case Ast.AttrRef a -> {
                switch (a.scope()) {
                    case "resource", "instrumentation" -> {
                    }
                    case "event" -> events = true;
                    case "link" -> links = true;
                    case "span", "" -> {
                        if (DEDICATED.contains(a.name())) {
                            genAi = true;
                        } else {
                            attributes = true;
                        }
                    }
                    default -> whole = true;
                }
            }
            case Ast.Intrinsic in -> {
                switch (in.name()) {
                    case "name", "rootName" -> name = true;
                    case "status", "statusMessage" -> status = true;
                    case "kind" -> kind = true;
                    case "event:name", "event:timeSinceStart" -> events = true;
                    case "link:traceID", "link:spanID" -> links = true;
                    case "duration", "traceDuration", "childCount", "parent", "span:id", "span:parentID", "trace:id",
                         "rootServiceName", "instrumentation:name", "instrumentation:version", "nestedSetLeft",
                         "nestedSetRight", "nestedSetParent" -> {
                    }
                    default -> whole = true;
                }
            }
        }
    }

    // ---- what a match must contain

    private void requirements(Ast.Pipeline p) {
        for (Ast.Stage st : p.stages()) {
            if (st instanceof Ast.SpansetStage s) {
                requirements(s.spansets());
            }
        }
    }

    private void requirements(Ast.Spansets s) {
        switch (s) {
            case Ast.Filter f -> conjuncts(f.condition());
            case Ast.Grouped g -> requirements(g.pipeline());
            case Ast.SpansetOp op -> {
                if (op.op().equals("||")) {
                    return;
                }
                if (!op.op().startsWith("!")) {
                    requirements(op.left());
                }
                requirements(op.right());
            }
        }
    }

    private void conjuncts(Field f) {
        if (!(f instanceof Ast.Binary b)) {
            return;
        }
        if (b.op() == Op.AND) {
            conjuncts(b.left());
            conjuncts(b.right());
            return;
        }
        Field ref = b.right() instanceof Ast.Lit ? b.left() : b.right();
        Field other = ref == b.left() ? b.right() : b.left();
        if (!(other instanceof Ast.Lit lit) || ref instanceof Ast.Lit) {
            return;
        }
        Op op = ref == b.left() ? b.op() : flip(b.op());
        Value v = lit.value();
        if (op == Op.EQ && v.type() == Type.STRING && (ref instanceof Ast.AttrRef
                || ref instanceof Ast.Intrinsic in && STORED_STRINGS.contains(in.name()))) {
            required.add(v.s());
        }
        if (ref instanceof Ast.Intrinsic in && in.name().equals("duration") && (v.type() == Type.DURATION || v.type() == Type.INT)) {
            if (op == Op.GT && v.l() < Long.MAX_VALUE) {
                minDuration = Math.max(minDuration, v.l() + 1);
            } else if (op == Op.GTE) {
                minDuration = Math.max(minDuration, v.l());
            }
        }
    }

    private static Op flip(Op op) {
        return switch (op) {
            case GT -> Op.LT;
            case GTE -> Op.LTE;
            case LT -> Op.GT;
            case LTE -> Op.GTE;
            default -> op;
        };
    }
}
