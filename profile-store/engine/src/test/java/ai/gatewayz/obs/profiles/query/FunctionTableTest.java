package ai.gatewayz.obs.profiles.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionTableTest {
    private static StackTree tree(Object... stackValue) {
        StackTree t = new StackTree();
        for (int i = 0; i < stackValue.length; i += 2) {
            StackTree.add(t.node(Arrays.asList(((String) stackValue[i]).split(";"))), (Integer) stackValue[i + 1], false);
        }
        return t;
    }

    @Test
    void selfAndTotalPerFunctionWithRecursionCountedOnce() {
        FunctionTable f = FunctionTable.of(tree("a;b;a;c", 5, "a;b", 3, "d", 2), 0);
        assertThat(f.total()).isEqualTo(10);
        assertThat(f.rows()).containsExactly(
                new FunctionTable.Row("c", 5, 5),
                new FunctionTable.Row("b", 3, 8),
                new FunctionTable.Row("d", 2, 2),
                new FunctionTable.Row("a", 0, 8));
    }

    @Test
    void limitCutsRowsButNotTheTotal() {
        FunctionTable f = FunctionTable.of(tree("a;b;a;c", 5, "a;b", 3, "d", 2), 2);
        assertThat(f.total()).isEqualTo(10);
        assertThat(f.rows()).extracting(FunctionTable.Row::name).containsExactly("c", "b");
    }

    @Test
    void tiesAreOrderedByTotalThenName() {
        FunctionTable f = FunctionTable.of(tree("x;z", 1, "y;z", 1, "w", 2, "v;u", 2), 0);
        assertThat(f.rows()).containsExactly(
                new FunctionTable.Row("u", 2, 2),
                new FunctionTable.Row("w", 2, 2),
                new FunctionTable.Row("z", 2, 2),
                new FunctionTable.Row("v", 0, 2),
                new FunctionTable.Row("x", 0, 1),
                new FunctionTable.Row("y", 0, 1));
    }

    @Test
    void emptyTreeHasNoRows() {
        assertThat(FunctionTable.of(new StackTree(), 10)).isEqualTo(new FunctionTable(0, List.of()));
    }

    @Test
    void diffJoinsBothSides() {
        StackTree t = new StackTree();
        StackTree.add(t.node(List.of("a", "b")), 3, false);
        StackTree.add(t.node(List.of("a", "c")), 4, true);
        StackTree.add(t.node(List.of("a", "c", "a")), 1, true);
        FunctionTable.Diff d = FunctionTable.diffOf(t, 0);
        assertThat(d.leftTotal()).isEqualTo(3);
        assertThat(d.rightTotal()).isEqualTo(5);
        assertThat(d.rows()).containsExactly(
                new FunctionTable.DiffRow("c", 0, 0, 4, 5),
                new FunctionTable.DiffRow("b", 3, 3, 0, 0),
                new FunctionTable.DiffRow("a", 0, 3, 1, 5));
        assertThat(FunctionTable.diffOf(t, 1).rows()).hasSize(1);
    }

    @Test
    void deepStacksDoNotOverflow() {
        String deep = String.join(";", java.util.Collections.nCopies(20_000, "f"));
        FunctionTable f = FunctionTable.of(tree(deep, 7), 0);
        assertThat(f.rows()).containsExactly(new FunctionTable.Row("f", 7, 7));
    }
}
