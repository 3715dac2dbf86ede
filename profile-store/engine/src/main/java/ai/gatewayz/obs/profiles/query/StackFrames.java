package ai.gatewayz.obs.profiles.query;

import ai.gatewayz.obs.profiles.storage.SymbolView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves stack ids of one partition to frame names, root first. A location expands to one frame
 * per line, innermost inlined frame last (pprof keeps it first); a location without lines is
 * named by its address {@code 0x...}. Caches per partition. Not thread-safe.
 */
public final class StackFrames {
    private SymbolView view;
    private final Map<Integer, List<String>> cache = new HashMap<>();

    public void reset(SymbolView symbols) {
        this.view = symbols;
        cache.clear();
    }

    public SymbolView view() {
        return view;
    }

    /** Frame names of a stack, root first. The list is shared: do not modify it. */
    public List<String> frames(int stackId) {
        List<String> cached = cache.get(stackId);
        if (cached != null) {
            return cached;
        }
        List<String> leafFirst = new ArrayList<>();
        for (int s = stackId; s > 0; s = view.stackParent(s)) {
            int loc = view.stackLocation(s);
            int n = view.locationLineCount(loc);
            if (n == 0) {
                leafFirst.add("0x" + Long.toHexString(view.locationAddress(loc)));
            }
            for (int i = 0; i < n; i++) {
                leafFirst.add(view.functionName(view.locationFunction(loc, i)));
            }
        }
        List<String> rootFirst = new ArrayList<>(leafFirst.size());
        for (int i = leafFirst.size() - 1; i >= 0; i--) {
            rootFirst.add(leafFirst.get(i));
        }
        cache.put(stackId, rootFirst);
        return rootFirst;
    }
}
