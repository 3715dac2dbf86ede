package ai.gatewayz.obs.profiles.ingest;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.model.LocalSymbols;
import ai.gatewayz.obs.profiles.model.ProfileInput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cumulative profiles sent with {@code prev_profile}: stores {@code current - previous} per series
 * and stack (stacks compared by their frames), dropping samples whose difference is not positive.
 */
final class Deltas {
    private Deltas() {
    }

    static List<ProfileInput> subtract(List<ProfileInput> current, List<ProfileInput> previous) {
        Map<Labels, Map<String, Long>> prev = new HashMap<>();
        for (ProfileInput p : previous) {
            Map<String, Long> m = prev.computeIfAbsent(p.series(), k -> new HashMap<>());
            for (int i = 0; i < p.sampleCount(); i++) {
                m.merge(key(p.symbols(), p.stacks()[i]), p.values()[i], Long::sum);
            }
        }
        List<ProfileInput> out = new ArrayList<>();
        for (ProfileInput p : current) {
            Map<String, Long> m = prev.getOrDefault(p.series(), Map.of());
            List<Integer> keep = new ArrayList<>();
            long[] values = new long[p.sampleCount()];
            Map<String, Long> remaining = new HashMap<>(m);
            for (int i = 0; i < p.sampleCount(); i++) {
                String k = key(p.symbols(), p.stacks()[i]);
                long before = remaining.getOrDefault(k, 0L);
                long d = p.values()[i] - before;
                remaining.put(k, Math.max(0, before - p.values()[i]));
                if (d > 0) {
                    values[i] = d;
                    keep.add(i);
                }
            }
            int n = keep.size();
            int[][] st = new int[n][];
            long[] v = new long[n];
            long[] sp = new long[n];
            for (int j = 0; j < n; j++) {
                int i = keep.get(j);
                st[j] = p.stacks()[i];
                v[j] = values[i];
                sp[j] = p.spanIds()[i];
            }
            out.add(new ProfileInput(p.series(), p.timeNanos(), p.durationNanos(), p.symbols(), st, v, sp));
        }
        return out;
    }

    private static String key(LocalSymbols s, int[] stack) {
        StringBuilder sb = new StringBuilder();
        for (int loc : stack) {
            LocalSymbols.Location l = s.locations().get(loc);
            if (l.functions().length == 0) {
                sb.append("0x").append(Long.toHexString(l.address()));
            }
            for (int f : l.functions()) {
                sb.append(s.strings().get(s.functions().get(f).name())).append('|');
            }
            sb.append(';');
        }
        return sb.toString();
    }
}
