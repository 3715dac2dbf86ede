package ai.gatewayz.obs.profiles.query;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.model.ProfileTypeId;
import ai.gatewayz.obs.profiles.storage.ProfileQuerier;
import ai.gatewayz.obs.profiles.storage.ProfileVisitor;
import ai.gatewayz.obs.profiles.storage.SymbolView;
import ai.gatewayz.obs.proto.pprof.PprofProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code SelectMergeProfile}: the matching samples merged by stack into one pprof profile of the
 * requested type, one function and one single-line location per distinct frame name, restricted by
 * a {@link SampleFilter} (profile ids, call-site prefix). Takes series' merged trees when the
 * filter allows it. Not thread-safe.
 */
public final class PprofMerger implements ProfileVisitor {
    /** Where samples of stacks outside the call site go: counted, never emitted. */
    private final long[] skipped = new long[1];
    private final StackFrames frames = new StackFrames();
    private final SampleFilter filter;
    private final SampleFilter.ProfileMatcher profiles;
    private final Map<List<String>, long[]> stacks = new LinkedHashMap<>();
    private final Map<Integer, long[]> byStackId = new HashMap<>();
    private long minTime = Long.MAX_VALUE;
    private long maxTime = Long.MIN_VALUE;

    private PprofMerger(SampleFilter filter) {
        this.filter = filter == null ? SampleFilter.NONE : filter;
        this.profiles = this.filter.profileMatcher();
    }

    public static PprofProto.Profile merge(ProfileQuerier q, ProfileTypeId type, List<LabelMatcher> matchers,
                                           long startMs, long endMs) {
        return merge(q, type, matchers, startMs, endMs, SampleFilter.NONE);
    }

    public static PprofProto.Profile merge(ProfileQuerier q, ProfileTypeId type, List<LabelMatcher> matchers,
                                           long startMs, long endMs, SampleFilter filter) {
        PprofMerger m = new PprofMerger(filter);
        q.select(matchers, startMs, endMs, m);
        return m.toProfile(type);
    }

    @Override
    public void partition(SymbolView symbols) {
        frames.reset(symbols);
        byStackId.clear();
    }

    @Override
    public boolean profile(Labels series, long timeNanos, long total) {
        if (!profiles.matches(series, timeNanos)) {
            return false;
        }
        minTime = Math.min(minTime, timeNanos);
        maxTime = Math.max(maxTime, timeNanos);
        return true;
    }

    @Override
    public boolean acceptsMerged() {
        return filter.mergeable();
    }

    @Override
    public boolean mergedSeries(Labels series, int count, long minMs, long maxMs, long total) {
        minTime = Math.min(minTime, minMs * 1_000_000L);
        maxTime = Math.max(maxTime, maxMs * 1_000_000L);
        return true;
    }

    @Override
    public void sample(int stackId, long value, long spanId) {
        if (filter.spans() != null && !filter.spans().contains(spanId)) {
            return;
        }
        long[] acc = byStackId.computeIfAbsent(stackId, this::slot);
        acc[0] += value;
    }

    private long[] slot(int stackId) {
        List<String> f = frames.frames(stackId);
        List<String> callSite = filter.callSite();
        if (filter.hasCallSite() && (f.size() < callSite.size() || !f.subList(0, callSite.size()).equals(callSite))) {
            return skipped;
        }
        return stacks.computeIfAbsent(f, k -> new long[1]);
    }

    PprofProto.Profile toProfile(ProfileTypeId type) {
        List<String> strings = new ArrayList<>(List.of(""));
        Map<String, Integer> ids = new HashMap<>(Map.of("", 0));
        java.util.function.Function<String, Integer> str = s -> ids.computeIfAbsent(s, k -> {
            strings.add(k);
            return strings.size() - 1;
        });
        PprofProto.Profile.Builder b = PprofProto.Profile.newBuilder();
        b.addSampleType(PprofProto.ValueType.newBuilder().setType(str.apply(type.sampleType())).setUnit(str.apply(type.sampleUnit())));
        b.setPeriodType(PprofProto.ValueType.newBuilder().setType(str.apply(type.periodType())).setUnit(str.apply(type.periodUnit())));
        Map<String, Long> locations = new HashMap<>();
        for (Map.Entry<List<String>, long[]> e : stacks.entrySet()) {
            if (e.getValue()[0] == 0) {
                continue;
            }
            PprofProto.Sample.Builder s = PprofProto.Sample.newBuilder().addValue(e.getValue()[0]);
            List<String> f = e.getKey();
            for (int i = f.size() - 1; i >= 0; i--) {
                String name = f.get(i);
                Long loc = locations.get(name);
                if (loc == null) {
                    loc = (long) locations.size() + 1;
                    locations.put(name, loc);
                    b.addFunction(PprofProto.Function.newBuilder().setId(loc).setName(str.apply(name)).setSystemName(str.apply(name)));
                    b.addLocation(PprofProto.Location.newBuilder().setId(loc)
                            .addLine(PprofProto.Line.newBuilder().setFunctionId(loc)));
                }
                s.addLocationId(loc);
            }
            b.addSample(s);
        }
        if (minTime <= maxTime) {
            b.setTimeNanos(minTime).setDurationNanos(maxTime - minTime);
        }
        b.addAllStringTable(strings);
        return b.build();
    }
}
