package ai.gatewayz.obs.metrics.scrape;

import ai.gatewayz.obs.common.Labels;
import java.util.List;

/**
 * One scrape job as {@code /api/v1/targets} and {@code /api/v1/scrape_pools} show it: its name,
 * the loops of its active targets (in configuration order) and the discovered labels of the
 * targets relabel_configs dropped. Immutable (the loops themselves publish their status).
 */
public record ScrapePool(String name, List<ScrapeLoop> active, List<Labels> dropped) {
    public ScrapePool {
        active = List.copyOf(active);
        dropped = List.copyOf(dropped);
    }
}
