package ai.gatewayz.obs.profiles.query;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.model.ProfileIds;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which samples of the selected profiles a flame graph keeps: only those of the given span ids
 * ({@code span_selector}), only those of the given profiles ({@code profile_id_selector}, ids from
 * {@link ProfileIds}), only stacks under a root-first call-site prefix ({@code stack_trace_selector}).
 * Null parts select everything. Immutable.
 */
public record SampleFilter(Set<Long> spans, Set<String> profileIds, List<String> callSite) {
    public static final SampleFilter NONE = new SampleFilter(null, null, null);

    public static SampleFilter of(Set<Long> spans, List<String> callSite) {
        return new SampleFilter(spans, null, callSite);
    }

    /** Whether per-series merged trees can answer: they carry no span ids and no profile boundaries. */
    boolean mergeable() {
        return spans == null && profileIds == null;
    }

    boolean hasCallSite() {
        return callSite != null && !callSite.isEmpty();
    }

    /** Tests profiles against {@link #profileIds}. Immutable once built. */
    ProfileMatcher profileMatcher() {
        return new ProfileMatcher(profileIds);
    }

    static final class ProfileMatcher {
        private final Set<Long> times = new HashSet<>();
        private final Set<String> ids;

        ProfileMatcher(Set<String> ids) {
            this.ids = ids;
            if (ids != null) {
                for (String id : ids) {
                    times.add(ProfileIds.parse(id).timeNanos());
                }
            }
        }

        boolean matches(Labels series, long timeNanos) {
            if (ids == null) {
                return true;
            }
            // the time half rules most profiles out before the series hash is computed
            return times.contains(timeNanos) && ids.contains(ProfileIds.of(series, timeNanos));
        }
    }
}
