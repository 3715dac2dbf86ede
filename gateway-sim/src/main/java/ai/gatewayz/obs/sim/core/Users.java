package ai.gatewayz.obs.sim.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated customers and their API keys: {@code user-1} ... {@code user-N} with keys
 * {@code gw-sim-key-1} ... Every fifth user is on an active trial, every seventh on an expired one,
 * the rest are paid. Immutable.
 */
public final class Users {
    public static final String KEY_PREFIX = "gw-sim-key-";
    private final Map<String, SimUser> byKey;
    private final List<SimUser> all;

    public Users(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one user [users=" + count + "]");
        }
        Map<String, SimUser> m = new LinkedHashMap<>();
        List<SimUser> l = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String status = i % 7 == 0 ? "expired_trial" : i % 5 == 0 ? "active_trial" : "paid";
            String tier = status.equals("paid") ? "paid" : "trial";
            SimUser u = new SimUser("user-" + i, KEY_PREFIX + i, tier, status, tier.equals("paid") ? 600 : 60);
            m.put(u.apiKey(), u);
            l.add(u);
        }
        this.byKey = Collections.unmodifiableMap(m);
        this.all = List.copyOf(l);
    }

    public Optional<SimUser> byKey(String apiKey) {
        return Optional.ofNullable(apiKey == null ? null : byKey.get(apiKey));
    }

    public Optional<SimUser> byId(String id) {
        return all.stream().filter(u -> u.id().equals(id)).findFirst();
    }

    public List<SimUser> all() {
        return all;
    }
}
