package ai.gatewayz.obs.sim.telemetry;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link ClassicHistogram} families of the backend's {@code /metrics}, created on first use and
 * registered in the Prometheus registry that Micrometer's exposition scrapes, so they are served in
 * both formats beside the Micrometer meters. Thread-safe.
 */
public final class HistogramFamilies {
    private final PrometheusRegistry registry;
    private final ClassicHistogram.ExemplarSource exemplars;
    private final Clock clock;
    private final Map<String, ClassicHistogram> families = new ConcurrentHashMap<>();

    public HistogramFamilies(PrometheusRegistry registry, ClassicHistogram.ExemplarSource exemplars, Clock clock) {
        this.registry = registry;
        this.exemplars = exemplars;
        this.clock = clock;
    }

    /** The family of this name; its help, bounds and label names are fixed by the first call. */
    public ClassicHistogram family(String name, String help, double[] bounds, String... labelNames) {
        ClassicHistogram h = families.get(name);
        if (h != null) {
            return h;
        }
        return families.computeIfAbsent(name, n -> {
            ClassicHistogram c = new ClassicHistogram(n, help, bounds, labelNames, exemplars, clock);
            registry.register(c);
            return c;
        });
    }

    /** The family of this name, or {@code null} before its first observation. */
    public ClassicHistogram get(String name) {
        return families.get(name);
    }

    public Collection<ClassicHistogram> all() {
        return List.copyOf(families.values());
    }

    /** Splits alternating {@code name, value} tags into names and values. */
    static String[][] split(String... tags) {
        if (tags.length % 2 != 0) {
            throw new IllegalArgumentException("tags must be name/value pairs [tags=" + Arrays.toString(tags) + "]");
        }
        String[] names = new String[tags.length / 2];
        String[] values = new String[tags.length / 2];
        for (int i = 0; i < names.length; i++) {
            names[i] = tags[2 * i];
            values[i] = tags[2 * i + 1];
        }
        return new String[][] {names, values};
    }
}
