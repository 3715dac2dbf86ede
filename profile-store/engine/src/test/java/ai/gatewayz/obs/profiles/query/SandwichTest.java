package ai.gatewayz.obs.profiles.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SandwichTest {
    private static StackTree tree(Object... stackValue) {
        StackTree t = new StackTree();
        for (int i = 0; i < stackValue.length; i += 2) {
            StackTree.add(t.node(Arrays.asList(((String) stackValue[i]).split(";"))), (Integer) stackValue[i + 1], false);
        }
        return t;
    }

    /** {@code name(total/self)[children]}, truncated nodes marked with {@code *}. */
    private static String render(Sandwich s, Sandwich.Node n) {
        StringBuilder sb = new StringBuilder(s.names().get(n.nameIndex())).append(n.truncated() ? "*" : "")
                .append('(').append(n.total()).append('/').append(n.self()).append(')');
        if (!n.children().isEmpty()) {
            sb.append('[');
            for (int i = 0; i < n.children().size(); i++) {
                sb.append(i == 0 ? "" : ",").append(render(s, n.children().get(i)));
            }
            sb.append(']');
        }
        return sb.toString();
    }

    private static final Object[] STACKS = {"main;a;f;x", 3, "main;b;f", 2, "main;f;f;y", 1, "main;c", 4};

    @Test
    void calleesAndCallersOfEveryOccurrence() {
        Sandwich s = Sandwich.of(tree(STACKS), "f", 0);
        assertThat(s.names().getFirst()).isEqualTo("f");
        assertThat(render(s, s.callees())).isEqualTo("f(7/2)[f(1/0)[y(1/1)],x(3/3),y(1/1)]");
        assertThat(render(s, s.callers())).isEqualTo("f(7/0)[a(3/0)[main(3/3)],b(2/0)[main(2/2)],f(1/0)[main(1/1)],main(1/1)]");
        assertThat(s.total()).isEqualTo(6); // each sample once, although the recursive one is in both halves twice
        assertThat(s.self()).isEqualTo(2);
    }

    @Test
    void theTotalMatchesTheFunctionTable() {
        Random r = new Random(17);
        String[] fns = {"a", "b", "c", "f"};
        for (int round = 0; round < 50; round++) {
            StackTree t = new StackTree();
            for (int i = 0; i < 20; i++) {
                String[] st = new String[1 + r.nextInt(6)];
                for (int j = 0; j < st.length; j++) {
                    st[j] = fns[r.nextInt(fns.length)];
                }
                StackTree.add(t.node(List.of(st)), 1 + r.nextInt(9), false);
            }
            long expected = FunctionTable.of(t, 0).rows().stream().filter(row -> row.name().equals("f"))
                    .mapToLong(FunctionTable.Row::total).findFirst().orElse(0);
            long self = FunctionTable.of(t, 0).rows().stream().filter(row -> row.name().equals("f"))
                    .mapToLong(FunctionTable.Row::self).findFirst().orElse(0);
            Sandwich s = Sandwich.of(t, "f", 0);
            assertThat(s.total()).isEqualTo(expected);
            assertThat(s.self()).isEqualTo(self);
            assertThat(s.callees().total()).isEqualTo(s.callers().total()).isGreaterThanOrEqualTo(expected);
        }
    }

    @Test
    void eachHalfKeepsMaxNodesAndSumsTheRestIntoOther() {
        Sandwich s = Sandwich.of(tree(STACKS), "f", 3);
        assertThat(render(s, s.callers())).isEqualTo("f(7/0)[a(3/0)[main(3/3)],other*(4/4)]");
        assertThat(render(s, s.callees())).isEqualTo("f(7/2)[f(1/0)[other*(1/1)],x(3/3),other*(1/1)]");
    }

    @Test
    void anUnseenFunctionGivesZeroRoots() {
        Sandwich s = Sandwich.of(tree(STACKS), "nowhere", 16);
        assertThat(render(s, s.callers())).isEqualTo("nowhere(0/0)");
        assertThat(render(s, s.callees())).isEqualTo("nowhere(0/0)");
        assertThat(s.total()).isZero();
    }
}
