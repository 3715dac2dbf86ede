package ai.gatewayz.obs.logs.ruler;

import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Rule namespaces in memory (tests, and a ruler without a rule directory). Thread-safe. */
public final class MemoryRuleNamespaces implements RuleNamespaces {
    private final ConcurrentHashMap<String, TreeMap<String, String>> byTenant = new ConcurrentHashMap<>();

    @Override
    public Set<String> tenants() {
        Set<String> out = new TreeSet<>();
        byTenant.forEach((t, m) -> {
            synchronized (m) {
                if (!m.isEmpty()) {
                    out.add(t);
                }
            }
        });
        return out;
    }

    @Override
    public SortedMap<String, String> namespaces(String tenant) {
        TreeMap<String, String> m = byTenant.get(tenant);
        if (m == null) {
            return new TreeMap<>();
        }
        synchronized (m) {
            return new TreeMap<>(m);
        }
    }

    @Override
    public Optional<String> namespace(String tenant, String namespace) {
        return Optional.ofNullable(namespaces(tenant).get(namespace));
    }

    @Override
    public void put(String tenant, String namespace, String content) {
        TreeMap<String, String> m = byTenant.computeIfAbsent(tenant, t -> new TreeMap<>());
        synchronized (m) {
            m.put(namespace, content);
        }
    }

    @Override
    public boolean delete(String tenant, String namespace) {
        TreeMap<String, String> m = byTenant.get(tenant);
        if (m == null) {
            return false;
        }
        synchronized (m) {
            return m.remove(namespace) != null;
        }
    }
}
