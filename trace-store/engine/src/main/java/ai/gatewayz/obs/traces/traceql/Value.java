package ai.gatewayz.obs.traces.traceql;

import java.util.List;

/**
 * A runtime TraceQL value. {@code many} holds the values of array attributes and of event/link
 * fields, where a comparison is true when any element satisfies it. Immutable.
 */
record Value(Type type, long l, double d, String s, List<Value> many) {
    static final Value NIL = new Value(Type.NIL, 0, 0, null, null);
    static final Value TRUE = new Value(Type.BOOL, 1, 0, null, null);
    static final Value FALSE = new Value(Type.BOOL, 0, 0, null, null);

    static Value bool(boolean b) {
        return b ? TRUE : FALSE;
    }

    static Value integer(long v) {
        return new Value(Type.INT, v, v, null, null);
    }

    static Value dbl(double v) {
        return new Value(Type.FLOAT, 0, v, null, null);
    }

    static Value string(String v) {
        return new Value(Type.STRING, 0, 0, v, null);
    }

    static Value duration(long nanos) {
        return new Value(Type.DURATION, nanos, nanos, null, null);
    }

    static Value status(int code) {
        return new Value(Type.STATUS, code, code, null, null);
    }

    static Value kind(int k) {
        return new Value(Type.KIND, k, k, null, null);
    }

    static Value many(List<Value> vs) {
        return vs.isEmpty() ? NIL : vs.size() == 1 ? vs.getFirst() : new Value(Type.ATTRIBUTE, 0, 0, null, List.copyOf(vs));
    }

    boolean isNil() {
        return type == Type.NIL;
    }

    boolean isMany() {
        return many != null;
    }

    boolean isTrue() {
        return type == Type.BOOL && l != 0;
    }

    double num() {
        return type == Type.FLOAT ? d : l;
    }

    /** Text for search output and group labels. */
    String text() {
        return switch (type) {
            case NIL -> "nil";
            case BOOL -> Boolean.toString(l != 0);
            case INT -> Long.toString(l);
            case FLOAT -> Double.toString(d);
            case STRING -> s;
            case DURATION -> l + "ns";
            case STATUS -> Literals.STATUS_NAMES[(int) Math.min(l, 2)];
            case KIND -> Literals.KIND_NAMES[(int) Math.min(l, 5)];
            case ATTRIBUTE -> many.toString();
        };
    }
}
