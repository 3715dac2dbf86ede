package ai.gatewayz.obs.profiles.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The function table of a merged profile (Profiles Drilldown's "top table", drilldown-apps.md §3):
 * per function name its self value and its total, where a sample counts once towards every
 * distinct function on its stack, so recursion is not double-counted. Computed on the whole tree
 * before any flame-graph truncation, so totals do not depend on {@code max_nodes}; {@code limit}
 * only cuts rows. Immutable.
 *
 * @param total the profile's total (all samples), independent of the row limit
 * @param rows rows by self descending, then total descending, then name
 */
public record FunctionTable(long total, List<Row> rows) {
    public record Row(String name, long self, long total) {
    }

    /** Two sides of a diff; rows by the sum of both selves descending, then name. */
    public record Diff(long leftTotal, long rightTotal, List<DiffRow> rows) {
    }

    public record DiffRow(String name, long leftSelf, long leftTotal, long rightSelf, long rightTotal) {
    }

    /** The table of one side of {@code tree}; {@code limit <= 0} keeps every row. */
    public static FunctionTable of(StackTree tree, long limit) {
        long[][] stats = tree.functionStats();
        List<Row> rows = new ArrayList<>();
        for (int id = 1; id < stats.length; id++) {
            if (stats[id] != null && stats[id][1] > 0) {
                rows.add(new Row(tree.name(id), stats[id][0], stats[id][1]));
            }
        }
        rows.sort(Comparator.comparingLong(Row::self).reversed().thenComparing(Comparator.comparingLong(Row::total).reversed())
                .thenComparing(Row::name));
        return new FunctionTable(tree.total(), cut(rows, limit));
    }

    /** The joined table of both sides of a diff tree. */
    public static Diff diffOf(StackTree tree, long limit) {
        long[][] stats = tree.functionStats();
        List<DiffRow> rows = new ArrayList<>();
        for (int id = 1; id < stats.length; id++) {
            long[] s = stats[id];
            if (s != null && (s[1] > 0 || s[3] > 0)) {
                rows.add(new DiffRow(tree.name(id), s[0], s[1], s[2], s[3]));
            }
        }
        rows.sort(Comparator.comparingLong((DiffRow r) -> r.leftSelf() + r.rightSelf()).reversed()
                .thenComparing(Comparator.comparingLong((DiffRow r) -> r.leftTotal() + r.rightTotal()).reversed())
                .thenComparing(DiffRow::name));
        return new Diff(tree.total(), tree.total2(), cut(rows, limit));
    }

    private static <T> List<T> cut(List<T> rows, long limit) {
        return limit > 0 && rows.size() > limit ? List.copyOf(rows.subList(0, (int) limit)) : List.copyOf(rows);
    }
}
