package ai.gatewayz.obs.storage.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PostingsTest {
    private static long[] random(Random r, int n, int range) {
        TreeSet<Long> s = new TreeSet<>();
        while (s.size() < n) {
            s.add((long) r.nextInt(range));
        }
        return s.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void setOperationsAgreeWithNaiveSets() {
        Random r = new Random(7);
        for (int round = 0; round < 100; round++) {
            long[] a = random(r, r.nextInt(50), 200);
            long[] b = random(r, r.nextInt(500), 1000);
            long[] c = random(r, r.nextInt(300), 500);
            long[] expected = LongStream.of(a).filter(x -> LongStream.of(b).anyMatch(y -> y == x))
                    .filter(x -> LongStream.of(c).anyMatch(y -> y == x)).toArray();
            assertThat(Postings.intersect(a, b, c)).containsExactly(expected);
            long[] union = LongStream.concat(LongStream.of(a), LongStream.of(b)).distinct().sorted().toArray();
            assertThat(Postings.union(a, b)).containsExactly(union);
            long[] without = LongStream.of(b).filter(x -> LongStream.of(a).noneMatch(y -> y == x)).toArray();
            assertThat(Postings.without(b, a)).containsExactly(without);
        }
    }

    @Test
    void postingsListKeepsOrderAndIgnoresDuplicates() {
        PostingsList l = new PostingsList();
        l.add(5);
        l.add(9);
        l.add(7);
        l.add(9);
        l.remove(5);
        assertThat(l.snapshot()).containsExactly(7, 9);
    }
}
