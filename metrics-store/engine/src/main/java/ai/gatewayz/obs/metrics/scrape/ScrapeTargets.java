package ai.gatewayz.obs.metrics.scrape;

import java.net.URI;
import java.util.List;

/**
 * Read access to what the scraper scrapes, for the targets, target-metadata and scrape-pools APIs.
 * Implementations are thread-safe: the HTTP layer reads while the scrape loops write.
 */
public interface ScrapeTargets {
    /** Nothing is scraped (scraping disabled or not started yet). */
    ScrapeTargets NONE = List::of;

    /** Every scrape pool, sorted by name as Prometheus sorts them. */
    List<ScrapePool> pools();

    /** A target's URL as reachable from elsewhere ({@link GlobalUrls}); the URL itself by default. */
    default URI globalUrl(URI target) {
        return target;
    }
}
