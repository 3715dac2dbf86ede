package ai.gatewayz.obs.logs.ruler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What every {@link RuleNamespaces} implementation must do; bound to the memory and directory stores. */
abstract class RuleNamespacesContract {
    abstract RuleNamespaces store();

    @Test
    void putReplacesAndReadsBackPerTenant() {
        RuleNamespaces s = store();
        s.put("a", "n1.yml", "groups: []\n");
        s.put("a", "n2", "x");
        s.put("a", "n1.yml", "groups:\n  - name: g\n");
        s.put("b", "n1.yml", "other");
        assertThat(s.tenants()).containsExactly("a", "b");
        assertThat(s.namespaces("a")).containsExactly(java.util.Map.entry("n1.yml", "groups:\n  - name: g\n"),
                java.util.Map.entry("n2", "x"));
        assertThat(s.namespace("b", "n1.yml")).contains("other");
        assertThat(s.namespace("b", "n2")).isEmpty();
        assertThat(s.namespaces("nobody")).isEmpty();
    }

    @Test
    void deleteReportsWhetherTheNamespaceExistedAndTenantsWithoutNamespacesVanish() {
        RuleNamespaces s = store();
        s.put("a", "n", "x");
        assertThat(s.delete("a", "n")).isTrue();
        assertThat(s.delete("a", "n")).isFalse();
        assertThat(s.delete("zzz", "n")).isFalse();
        assertThat(s.tenants()).isEmpty();
    }

    @Test
    void namespacesMustBeFileNames() {
        assertThat(RuleNamespaces.validNamespace("gatewayz-log-recording.yml")).isTrue();
        assertThat(RuleNamespaces.validNamespace("a b:c")).isTrue();
        for (String bad : new String[] {"", ".", "..", ".hidden", "a/b", "a\\b", "a\0b", "x".repeat(256)}) {
            assertThat(RuleNamespaces.validNamespace(bad)).as(bad).isFalse();
        }
    }
}
