package ai.gatewayz.obs.metrics.promql.parser;

import java.util.Locale;

/** Aggregation operators; those with a parameter take it as first argument. */
public enum AggregateOp {
    SUM, AVG, COUNT, MIN, MAX, GROUP, STDDEV, STDVAR, TOPK, BOTTOMK, QUANTILE, COUNT_VALUES, LIMITK, LIMIT_RATIO;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean hasParam() {
        return this == TOPK || this == BOTTOMK || this == QUANTILE || this == COUNT_VALUES || this == LIMITK
                || this == LIMIT_RATIO;
    }

    static AggregateOp byName(String name) {
        for (AggregateOp op : values()) {
            if (op.wireName().equals(name.toLowerCase(Locale.ROOT))) {
                return op;
            }
        }
        return null;
    }
}
