package ai.gatewayz.obs.traces.storage;

import ai.gatewayz.obs.traces.model.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Puts the spans of one trace, gathered from several places, into the seam's canonical order. */
public final class TraceMerge {
    /** Start time, then span id: the order every storage returns. */
    public static final Comparator<Span> ORDER =
            Comparator.comparingLong(Span::startNanos).thenComparing(Span::spanId, Long::compareUnsigned);

    private TraceMerge() {
    }

    /** Sorts and drops repeated span ids (the first copy seen wins). Returns a new list. */
    public static List<Span> merge(List<Span> spans) {
        List<Span> out = new ArrayList<>(spans.size());
        Set<Long> seen = new HashSet<>(spans.size() * 2);
        for (Span s : spans) {
            if (seen.add(s.spanId())) {
                out.add(s);
            }
        }
        out.sort(ORDER);
        return out;
    }

    /** Whether any span of the (sorted or not) trace overlaps the inclusive bounds. */
    public static boolean overlaps(List<Span> spans, long startNanos, long endNanos) {
        for (Span s : spans) {
            if (s.startNanos() <= endNanos && s.endNanos() >= startNanos) {
                return true;
            }
        }
        return false;
    }
}
