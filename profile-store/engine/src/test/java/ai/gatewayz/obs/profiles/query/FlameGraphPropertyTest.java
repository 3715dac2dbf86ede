package ai.gatewayz.obs.profiles.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.model.StackProfileBuilder;
import ai.gatewayz.obs.profiles.storage.MemoryProfileStorage;
import ai.gatewayz.obs.profiles.storage.StorageOptions;
import ai.gatewayz.obs.testkit.TestClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The levels encoding (grafana-datasources.md §4.4) over random stack sets, with and without
 * max_nodes truncation: root is [0,total,self,0] with total = sum of samples; every node lies inside
 * a parent on the level above; total >= self; totals of children never exceed the parent; name
 * indices valid; without truncation every stack's value is recovered exactly.
 */
class FlameGraphPropertyTest {
    @Test
    void theDocumentedExample() {
        StackTree t = new StackTree();
        StackTree.add(t.node(List.of("main", "a")), 3, false);
        StackTree.add(t.node(List.of("main", "b")), 1, false);
        FlameGraph g = t.toFlameGraph(0);
        assertThat(g.names()).containsExactly("total", "main", "a", "b");
        assertThat(g.levels()).containsExactly(new long[] {0, 4, 0, 0}, new long[] {0, 4, 0, 1}, new long[] {0, 3, 3, 2, 0, 1, 1, 3});
        assertThat(g.total()).isEqualTo(4);
        assertThat(g.maxSelf()).isEqualTo(3);
    }

    @Test
    void randomStackSetsKeepTheInvariants() {
        Random r = new Random(42);
        for (int round = 0; round < 300; round++) {
            StackProfileBuilder b = new StackProfileBuilder();
            Map<String, Long> expected = new HashMap<>();
            long sum = 0;
            int stacks = 1 + r.nextInt(60);
            for (int i = 0; i < stacks; i++) {
                List<String> frames = new ArrayList<>();
                int depth = 1 + r.nextInt(8);
                for (int d = 0; d < depth; d++) {
                    frames.add("f" + r.nextInt(6));
                }
                long v = 1 + r.nextInt(1000);
                b.add(frames, v);
                expected.merge(String.join(";", frames), v, Long::sum);
                sum += v;
            }
            MemoryProfileStorage s = new MemoryProfileStorage(StorageOptions.DEFAULTS, TestClock.atMillis(0));
            s.appender("t").append(List.of(b.build(Labels.of("service_name", "x"), 1_000_000L, 0)));
            long maxNodes = r.nextBoolean() ? 0 : 1 + r.nextInt(40);
            FlameGraph g = ProfileQueries.mergeStacktraces(s.querier("t"), List.of(), 0, 10, maxNodes, null, null);
            check(g, sum, maxNodes);
            if (maxNodes == 0) {
                assertThat(decode(g)).isEqualTo(expected);
            }
        }
    }

    static void check(FlameGraph g, long sum, long maxNodes) {
        assertThat(g.total()).isEqualTo(sum);
        assertThat(g.levels().getFirst()).containsExactly(0, sum, g.levels().getFirst()[2], 0);
        assertThat(g.names().getFirst()).isEqualTo("total");
        int nodes = 0;
        long[] prevStarts = {0};
        long[] prevTotals = {sum};
        long maxSelf = 0;
        for (int l = 0; l < g.levels().size(); l++) {
            long[] v = g.levels().get(l);
            assertThat(v.length % 4).isZero();
            long end = 0;
            long[] starts = new long[v.length / 4];
            long[] totals = new long[v.length / 4];
            long[] childSum = new long[prevStarts.length];
            for (int i = 0; i < v.length; i += 4) {
                long start = end + v[i];
                assertThat(v[i]).isGreaterThanOrEqualTo(0);
                assertThat(v[i + 1]).isGreaterThanOrEqualTo(v[i + 2]);
                assertThat(v[i + 3]).isBetween(0L, (long) g.names().size() - 1);
                starts[i / 4] = start;
                totals[i / 4] = v[i + 1];
                maxSelf = Math.max(maxSelf, v[i + 2]);
                if (l > 0) {
                    int parent = -1;
                    for (int p = 0; p < prevStarts.length; p++) {
                        if (start >= prevStarts[p] && start + v[i + 1] <= prevStarts[p] + prevTotals[p]) {
                            parent = p;
                        }
                    }
                    assertThat(parent).as("node inside a parent").isGreaterThanOrEqualTo(0);
                    childSum[parent] += v[i + 1];
                    nodes++;
                }
                end = start + v[i + 1];
            }
            for (int p = 0; p < prevStarts.length && l > 0; p++) {
                assertThat(childSum[p]).isLessThanOrEqualTo(prevTotals[p]);
            }
            prevStarts = starts;
            prevTotals = totals;
        }
        assertThat(g.maxSelf()).isEqualTo(maxSelf);
        if (maxNodes > 0) {
            assertThat(nodes).isLessThanOrEqualTo((int) maxNodes);
        }
    }

    /** Recovers stack → self value from levels (each node's self belongs to its path). */
    static Map<String, Long> decode(FlameGraph g) {
        Map<String, Long> out = new HashMap<>();
        List<long[]> prevRanges = new ArrayList<>();
        List<String> prevPaths = new ArrayList<>();
        for (int l = 0; l < g.levels().size(); l++) {
            long[] v = g.levels().get(l);
            List<long[]> ranges = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            long end = 0;
            for (int i = 0; i < v.length; i += 4) {
                long start = end + v[i];
                String path = "";
                if (l > 0) {
                    for (int p = 0; p < prevRanges.size(); p++) {
                        if (start >= prevRanges.get(p)[0] && start < prevRanges.get(p)[1]) {
                            String pp = prevPaths.get(p);
                            path = (pp.isEmpty() ? "" : pp + ";") + g.names().get((int) v[i + 3]);
                        }
                    }
                    if (v[i + 2] > 0) {
                        out.merge(path, v[i + 2], Long::sum);
                    }
                }
                ranges.add(new long[] {start, start + v[i + 1]});
                paths.add(path);
                end = start + v[i + 1];
            }
            prevRanges = ranges;
            prevPaths = paths;
        }
        return out;
    }
}
