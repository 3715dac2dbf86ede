package ai.gatewayz.obs.sim.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded LRU map whose entries expire after a fixed time, with time passed in by the caller so
 * it runs in virtual time. Models one Redis-backed cache layer of the gateway. Thread-safe
 * (synchronized; operations are O(1)).
 */
public final class TtlCache {
    private final long ttlMillis;
    private final LinkedHashMap<String, Long> expiries;

    public TtlCache(int maxEntries, long ttlMillis) {
        this.ttlMillis = ttlMillis;
        this.expiries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** True on a hit; a miss leaves the map unchanged (the caller decides whether to {@link #put}). */
    public synchronized boolean get(String key, long nowMillis) {
        Long exp = expiries.get(key);
        if (exp == null) {
            return false;
        }
        if (exp <= nowMillis) {
            expiries.remove(key);
            return false;
        }
        return true;
    }

    public synchronized void put(String key, long nowMillis) {
        expiries.put(key, nowMillis + ttlMillis);
    }

    public synchronized void delete(String key) {
        expiries.remove(key);
    }

    public synchronized int size() {
        return expiries.size();
    }
}
