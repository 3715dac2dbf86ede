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
 * requested type, one function and one single-line location per distinct frame name. Not thread-safe.
 */
public final class PprofMerger implements ProfileVisitor {
    private final StackFrames frames = new StackFrames();
    private final Map<List<String>, long[]> stacks = new LinkedHashMap<>();
    private final Map<Integer, long[]> byStackId = new HashMap<>();
    private long minTime = Long.MAX_VALUE;
    private long maxTime = Long.MIN_VALUE;

    public static PprofProto.Profile merge(ProfileQuerier q, ProfileTypeId type, List<LabelMatcher> matchers,
                                           long startMs, long endMs) {
        PprofMerger m = new PprofMerger();
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
        minTime = Math.min(minTime, timeNanos);
        maxTime = Math.max(maxTime, timeNanos);
        return true;
    }

    @Override
    public void sample(int stackId, long value, long spanId) {
        long[] acc = byStackId.computeIfAbsent(stackId, id -> stacks.computeIfAbsent(frames.frames(id), k -> new long[1]));
        acc[0] += value;
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
