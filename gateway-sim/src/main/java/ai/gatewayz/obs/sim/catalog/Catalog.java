package ai.gatewayz.obs.sim.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The providers and models the simulated gateway knows. {@link #standard()} builds the default
 * catalogue of 36 providers and 100+ models; the content is fixed (no randomness), so every run
 * and every test sees the same catalogue. Immutable and thread-safe.
 */
public final class Catalog {
    private final Map<String, Provider> providers;
    private final Map<String, Model> models;
    private final Map<String, Model> byCanonical;

    public Catalog(Collection<Provider> providers, Collection<Model> models) {
        Map<String, Provider> p = new LinkedHashMap<>();
        providers.forEach(x -> p.put(x.slug(), x));
        Map<String, Model> m = new LinkedHashMap<>();
        Map<String, Model> c = new LinkedHashMap<>();
        for (Model x : models) {
            for (String slug : x.providers()) {
                if (!p.containsKey(slug)) {
                    throw new IllegalArgumentException("model names an unknown provider [model=" + x.id() + ", provider=" + slug + "]");
                }
            }
            m.put(x.id(), x);
            c.put(x.canonical(), x);
        }
        this.providers = Collections.unmodifiableMap(p);
        this.models = Collections.unmodifiableMap(m);
        this.byCanonical = Collections.unmodifiableMap(c);
    }

    public Collection<Provider> providers() {
        return providers.values();
    }

    public Collection<Model> models() {
        return models.values();
    }

    public Provider provider(String slug) {
        Provider p = providers.get(slug);
        if (p == null) {
            throw new IllegalArgumentException("unknown provider [provider=" + slug + "]");
        }
        return p;
    }

    public boolean hasProvider(String slug) {
        return providers.containsKey(slug);
    }

    /** Resolves a model by its public id or its {@code vendor/model} id. */
    public Optional<Model> model(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Model m = models.get(id);
        return Optional.ofNullable(m != null ? m : byCanonical.get(id));
    }

    public static Catalog standard() {
        return StandardCatalog.build();
    }

    static List<String> list(String... s) {
        return new ArrayList<>(List.of(s));
    }
}
