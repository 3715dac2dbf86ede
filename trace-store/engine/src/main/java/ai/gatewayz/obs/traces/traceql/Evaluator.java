package ai.gatewayz.obs.traces.traceql;

import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.model.Ids;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.SpanEvent;
import ai.gatewayz.obs.traces.model.SpanLink;
import ai.gatewayz.obs.traces.traceql.Ast.Field;
import ai.gatewayz.obs.traces.traceql.Ast.Op;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates a parsed pipeline over one trace. Stateless. */
final class Evaluator {
    private Evaluator() {
    }

    static List<Spanset> pipeline(Ast.Pipeline p, TraceView t) {
        List<Spanset> sets = null;
        for (Ast.Stage st : p.stages()) {
            sets = stage(st, sets, t);
            if (sets.isEmpty()) {
                return sets;
            }
        }
        return sets;
    }

    private static List<Spanset> stage(Ast.Stage st, List<Spanset> in, TraceView t) {
        if (in == null) {
            in = List.of(new Spanset(all(t), List.of()));
        }
        return switch (st) {
            case Ast.SpansetStage s -> {
                List<Spanset> produced = spansets(s.spansets(), t);
                List<Spanset> out = new ArrayList<>();
                for (Spanset input : in) {
                    for (Spanset p : produced) {
                        BitSet b = (BitSet) p.spans().clone();
                        b.and(input.spans());
                        if (!b.isEmpty()) {
                            out.add(new Spanset(b, input.group()));
                        }
                    }
                }
                yield out;
            }
            case Ast.By by -> {
                List<Spanset> out = new ArrayList<>();
                for (Spanset input : in) {
                    Map<List<Value>, BitSet> groups = new LinkedHashMap<>();
                    for (int i = input.spans().nextSetBit(0); i >= 0; i = input.spans().nextSetBit(i + 1)) {
                        List<Value> key = new ArrayList<>();
                        for (Field f : by.fields()) {
                            key.add(field(f, t, i));
                        }
                        groups.computeIfAbsent(key, k -> new BitSet()).set(i);
                    }
                    groups.forEach((k, b) -> out.add(new Spanset(b, k)));
                }
                yield out;
            }
            case Ast.Coalesce c -> {
                BitSet b = new BitSet();
                in.forEach(s -> b.or(s.spans()));
                yield List.of(new Spanset(b, List.of()));
            }
            case Ast.Select s -> in;
            case Ast.ScalarFilter f -> {
                List<Spanset> out = new ArrayList<>();
                for (Spanset input : in) {
                    if (compare(scalar(f.left(), input, t), f.op(), scalar(f.right(), input, t), null)) {
                        out.add(input);
                    }
                }
                yield out;
            }
        };
    }

    private static BitSet all(TraceView t) {
        BitSet b = new BitSet(t.spans.size());
        b.set(0, t.spans.size());
        return b;
    }

    private static BitSet union(List<Spanset> sets) {
        BitSet b = new BitSet();
        sets.forEach(s -> b.or(s.spans()));
        return b;
    }

    static List<Spanset> spansets(Ast.Spansets s, TraceView t) {
        return switch (s) {
            case Ast.Filter f -> {
                BitSet b = new BitSet(t.spans.size());
                for (int i = 0; i < t.spans.size(); i++) {
                    if (field(f.condition(), t, i).isTrue()) {
                        b.set(i);
                    }
                }
                yield b.isEmpty() ? List.of() : List.of(new Spanset(b, List.of()));
            }
            case Ast.Grouped g -> pipeline(g.pipeline(), t);
            case Ast.SpansetOp op -> {
                List<Spanset> l = spansets(op.left(), t);
                if (op.op().equals("||")) {
                    List<Spanset> r = spansets(op.right(), t);
                    List<Spanset> out = new ArrayList<>(l);
                    out.addAll(r);
                    yield out.isEmpty() ? List.of() : List.of(new Spanset(union(out), List.of()));
                }
                if (l.isEmpty() && !op.op().startsWith("!")) {
                    yield List.of();
                }
                List<Spanset> r = spansets(op.right(), t);
                if (r.isEmpty()) {
                    yield List.of();
                }
                if (op.op().equals("&&")) {
                    BitSet b = union(l);
                    b.or(union(r));
                    yield List.of(new Spanset(b, List.of()));
                }
                BitSet b = Structural.apply(op.op(), union(l), union(r), t);
                yield b.isEmpty() ? List.of() : List.of(new Spanset(b, List.of()));
            }
        };
    }

    // ---- aggregates

    private static Value scalar(Ast.Scalar s, Spanset set, TraceView t) {
        return switch (s) {
            case Ast.ScalarLit l -> l.value();
            case Ast.ScalarNeg n -> negate(scalar(n.expr(), set, t));
            case Ast.ScalarBinary b -> arithmetic(b.op(), scalar(b.left(), set, t), scalar(b.right(), set, t));
            case Ast.Aggregate a -> aggregate(a, set, t);
        };
    }

    private static Value aggregate(Ast.Aggregate a, Spanset set, TraceView t) {
        if (a.fn().equals("count")) {
            return Value.integer(set.count());
        }
        double acc = a.fn().equals("min") ? Double.POSITIVE_INFINITY : a.fn().equals("max") ? Double.NEGATIVE_INFINITY : 0;
        int n = 0;
        boolean duration = false;
        for (int i = set.spans().nextSetBit(0); i >= 0; i = set.spans().nextSetBit(i + 1)) {
            Value v = field(a.arg(), t, i);
            if (!v.type().numeric()) {
                continue;
            }
            duration |= v.type() == Type.DURATION;
            double x = v.num();
            n++;
            acc = switch (a.fn()) {
                case "min" -> Math.min(acc, x);
                case "max" -> Math.max(acc, x);
                default -> acc + x;
            };
        }
        if (n == 0) {
            return Value.NIL;
        }
        double r = a.fn().equals("avg") ? acc / n : acc;
        return duration ? Value.duration(Math.round(r)) : Value.dbl(r);
    }

    // ---- span fields

    static Value field(Field f, TraceView t, int i) {
        return switch (f) {
            case Ast.Lit l -> l.value();
            case Ast.Intrinsic in -> intrinsic(in.name(), t, i);
            case Ast.AttrRef a -> attribute(a, t, i);
            case Ast.Unary u -> {
                Value v = field(u.expr(), t, i);
                yield u.op() == Op.NOT ? (v.type() == Type.BOOL ? Value.bool(!v.isTrue()) : Value.NIL) : negate(v);
            }
            case Ast.Binary b -> binary(b, t, i);
        };
    }

    private static Value binary(Ast.Binary b, TraceView t, int i) {
        switch (b.op()) {
            case AND -> {
                return Value.bool(field(b.left(), t, i).isTrue() && field(b.right(), t, i).isTrue());
            }
            case OR -> {
                return Value.bool(field(b.left(), t, i).isTrue() || field(b.right(), t, i).isTrue());
            }
            case EQ, NEQ, GT, GTE, LT, LTE, RE, NRE -> {
                Value l = field(b.left(), t, i);
                Value r = field(b.right(), t, i);
                if (b.right() instanceof Ast.Lit lit && lit.type() == Type.NIL) {
                    return Value.bool(b.op() == Op.EQ ? l.isNil() : !l.isNil());
                }
                if (b.left() instanceof Ast.Lit lit && lit.type() == Type.NIL) {
                    return Value.bool(b.op() == Op.EQ ? r.isNil() : !r.isNil());
                }
                return Value.bool(compare(l, b.op(), r, b.regex()));
            }
            default -> {
                return arithmetic(b.op(), field(b.left(), t, i), field(b.right(), t, i));
            }
        }
    }

    /** Array-valued operands: positive operators hold when any element does, negated ones when none matches. */
    static boolean compare(Value l, Op op, Value r, java.util.regex.Pattern re) {
        if (l.isNil() || r.isNil()) {
            return false;
        }
        if (l.isMany()) {
            boolean negated = op == Op.NEQ || op == Op.NRE;
            Op positive = op == Op.NEQ ? Op.EQ : op == Op.NRE ? Op.RE : op;
            boolean any = false;
            for (Value e : l.many()) {
                any |= compare(e, positive, r, re);
            }
            return negated ? !any : any;
        }
        if (r.isMany()) {
            for (Value e : r.many()) {
                if (compare(l, op, e, re)) {
                    return true;
                }
            }
            return false;
        }
        if (op == Op.RE || op == Op.NRE) {
            if (l.type() != Type.STRING) {
                return false;
            }
            boolean m = re.matcher(l.s()).matches();
            return op == Op.RE ? m : !m;
        }
        int c;
        if (l.type().numeric() && r.type().numeric()) {
            boolean exact = l.type() != Type.FLOAT && r.type() != Type.FLOAT;
            c = exact ? Long.compare(l.l(), r.l()) : Double.compare(l.num(), r.num());
        } else if (l.type() == Type.STRING && r.type() == Type.STRING) {
            c = l.s().compareTo(r.s());
        } else if (l.type() == r.type() && (op == Op.EQ || op == Op.NEQ)) {
            c = Long.compare(l.l(), r.l());
        } else {
            return false;
        }
        return switch (op) {
            case EQ -> c == 0;
            case NEQ -> c != 0;
            case GT -> c > 0;
            case GTE -> c >= 0;
            case LT -> c < 0;
            case LTE -> c <= 0;
            default -> false;
        };
    }

    private static Value negate(Value v) {
        return switch (v.type()) {
            case INT -> Value.integer(-v.l());
            case FLOAT -> Value.dbl(-v.d());
            case DURATION -> Value.duration(-v.l());
            default -> Value.NIL;
        };
    }

    private static Value arithmetic(Op op, Value a, Value b) {
        if (!a.type().numeric() || !b.type().numeric()) {
            return Value.NIL;
        }
        boolean dur = a.type() == Type.DURATION || b.type() == Type.DURATION;
        boolean integral = a.type() != Type.FLOAT && b.type() != Type.FLOAT && op != Op.DIV && op != Op.POW;
        if (integral) {
            long x = a.l();
            long y = b.l();
            long r = switch (op) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                default -> y == 0 ? 0 : x % y;
            };
            return dur ? Value.duration(r) : Value.integer(r);
        }
        double x = a.num();
        double y = b.num();
        double r = switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MOD -> x % y;
            default -> Math.pow(x, y);
        };
        return dur ? Value.duration(Math.round(r)) : Value.dbl(r);
    }

    static Value intrinsic(String name, TraceView t, int i) {
        Span s = t.spans.get(i);
        Span root = t.rootSpan();
        return switch (name) {
            case "name" -> Value.string(s.name());
            case "status" -> Value.status(s.statusCode());
            case "statusMessage" -> Value.string(s.statusMessage());
            case "duration" -> Value.duration(s.durationNanos());
            case "kind" -> Value.kind(s.kind());
            case "childCount" -> Value.integer(t.children[i].length);
            case "parent" -> s.isRoot() ? Value.NIL : Value.string(Ids.hex(s.parentSpanId()));
            case "span:id" -> Value.string(Ids.hex(s.spanId()));
            case "span:parentID" -> s.isRoot() ? Value.NIL : Value.string(Ids.hex(s.parentSpanId()));
            case "rootName" -> root == null ? Value.NIL : Value.string(root.name());
            case "rootServiceName" -> root == null ? Value.NIL : Value.string(root.resource().serviceName());
            case "traceDuration" -> Value.duration(t.end - t.start);
            case "trace:id" -> Value.string(s.traceId().hex());
            case "event:name" -> Value.many(s.events().stream().map(e -> Value.string(e.name())).toList());
            case "event:timeSinceStart" -> Value.many(s.events().stream().map(e -> Value.duration(e.timeNanos() - s.startNanos())).toList());
            case "link:traceID" -> Value.many(s.links().stream().map(l -> Value.string(l.traceId().hex())).toList());
            case "link:spanID" -> Value.many(s.links().stream().map(l -> Value.string(Ids.hex(l.spanId()))).toList());
            case "instrumentation:name" -> Value.string(s.scope().name());
            case "instrumentation:version" -> Value.string(s.scope().version());
            case "nestedSetLeft" -> Value.integer(t.left[i]);
            case "nestedSetRight" -> Value.integer(t.right[i]);
            case "nestedSetParent" -> Value.integer(t.nestedSetParent(i));
            default -> Value.NIL;
        };
    }

    static Value attribute(Ast.AttrRef a, TraceView t, int i) {
        if (a.parent()) {
            i = t.parent[i];
            if (i < 0) {
                return Value.NIL;
            }
        }
        Span s = t.spans.get(i);
        return switch (a.scope()) {
            case "span" -> of(Attr.find(s.attributes(), a.name()));
            case "resource" -> of(Attr.find(s.resource().attributes(), a.name()));
            case "instrumentation" -> of(Attr.find(s.scope().attributes(), a.name()));
            case "event" -> {
                List<Value> vs = new ArrayList<>();
                for (SpanEvent e : s.events()) {
                    Value v = of(Attr.find(e.attributes(), a.name()));
                    if (!v.isNil()) {
                        vs.add(v);
                    }
                }
                yield Value.many(vs);
            }
            case "link" -> {
                List<Value> vs = new ArrayList<>();
                for (SpanLink l : s.links()) {
                    Value v = of(Attr.find(l.attributes(), a.name()));
                    if (!v.isNil()) {
                        vs.add(v);
                    }
                }
                yield Value.many(vs);
            }
            default -> {
                Value v = of(Attr.find(s.attributes(), a.name()));
                yield v.isNil() ? of(Attr.find(s.resource().attributes(), a.name())) : v;
            }
        };
    }

    static Value of(AttrValue v) {
        if (v == null) {
            return Value.NIL;
        }
        return switch (v.type()) {
            case STRING -> Value.string(v.stringValue());
            case INT -> Value.integer(v.intValue());
            case DOUBLE -> Value.dbl(v.doubleValue());
            case BOOL -> Value.bool(v.boolValue());
            case ARRAY -> Value.many(v.arrayValue().stream().map(Evaluator::of).filter(x -> !x.isNil()).toList());
            default -> Value.NIL;
        };
    }
}
