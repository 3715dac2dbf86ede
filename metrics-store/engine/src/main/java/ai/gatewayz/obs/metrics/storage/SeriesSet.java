package ai.gatewayz.obs.metrics.storage;

import java.util.List;

/**
 * A pull iterator over series. Not thread-safe. {@link #at()} is undefined before the first
 * successful {@link #next()}. Storage failures are thrown from {@link #next()}.
 */
public interface SeriesSet {
    boolean next();

    Series at();

    /** Non-fatal warnings collected while selecting (e.g. a tenant limit truncated the result). */
    default List<String> warnings() {
        return List.of();
    }

    static SeriesSet empty() {
        return of(List.of());
    }

    /** A set over a fixed list, for tests and merged results. */
    static SeriesSet of(List<? extends Series> series) {
        return new SeriesSet() {
            private int i = -1;

            @Override
            public boolean next() {
                return ++i < series.size();
            }

            @Override
            public Series at() {
                return series.get(i);
            }
        };
    }
}
