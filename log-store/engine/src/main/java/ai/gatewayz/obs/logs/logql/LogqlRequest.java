package ai.gatewayz.obs.logs.logql;

import ai.gatewayz.obs.logs.storage.Direction;

/**
 * One query as the API received it. For an instant query {@code startNanos == endNanos} and
 * {@code stepNanos == 0}. {@code limit} bounds the entries of a log query (Loki's default 100).
 */
public record LogqlRequest(String query, long startNanos, long endNanos, long stepNanos, Direction direction, int limit) {
    public boolean instant() {
        return stepNanos == 0;
    }
}
