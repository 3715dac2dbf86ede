package ai.gatewayz.obs.metrics.storage;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Metadata;
import java.util.List;
import java.util.Map;

/**
 * The storage seam of one tenant: appenders for writing, queriers for reading. The query engine,
 * rules, remote write and scraping are written against this interface only; it is bound to the
 * in-memory {@code MemoryStorage} and to the on-disk TSDB by one contract suite.
 *
 * <p>All methods are thread-safe. Appenders and queriers handed out are not.
 */
public interface Storage extends AutoCloseable {
    Appender appender();

    Querier querier(long mint, long maxt);

    /** Exemplars of series matching any of the matcher groups, within {@code [mint, maxt]}. */
    List<SeriesExemplars> exemplars(long mint, long maxt, List<List<LabelMatcher>> matcherSets);

    /** Metadata per metric family name; {@code metric} null or empty means all families. */
    Map<String, List<Metadata>> metadata(String metric, int limit);

    /** Exemplars of one series. */
    record SeriesExemplars(Labels seriesLabels, List<Exemplar> exemplars) {
    }

    @Override
    void close();
}
