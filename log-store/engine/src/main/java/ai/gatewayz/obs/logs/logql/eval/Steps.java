package ai.gatewayz.obs.logs.logql.eval;

/** The evaluation timestamps of a metric query, in nanoseconds. Immutable. */
record Steps(long startNanos, long stepNanos, int count) {
    long at(int i) {
        return startNanos + i * stepNanos;
    }

    long last() {
        return at(count - 1);
    }
}
