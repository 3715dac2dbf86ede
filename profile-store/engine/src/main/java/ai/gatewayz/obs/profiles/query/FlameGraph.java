package ai.gatewayz.obs.profiles.query;

import java.util.List;

/**
 * A flame graph in Grafana's levels encoding (grafana-datasources.md §4.4): {@code names[0]} is
 * {@code "total"}; each level is a flat list of {@code [x_offset, total, self, name_index]}
 * quadruples, {@code x_offset} relative to the end of the previous node on the same level.
 * Immutable.
 */
public record FlameGraph(List<String> names, List<long[]> levels, long total, long maxSelf) {
    public static final FlameGraph EMPTY = new FlameGraph(List.of("total"), List.of(), 0, 0);
}
