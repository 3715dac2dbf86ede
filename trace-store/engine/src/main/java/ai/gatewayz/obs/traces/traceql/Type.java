package ai.gatewayz.obs.traces.traceql;

/** Static types for TraceQL type checking; ATTRIBUTE is unknown until a span is looked at. */
enum Type {
    NIL, BOOL, INT, FLOAT, STRING, DURATION, STATUS, KIND, ATTRIBUTE;

    boolean numeric() {
        return this == INT || this == FLOAT || this == DURATION;
    }
}
