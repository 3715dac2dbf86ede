package ai.gatewayz.obs.logs.ruler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on Loki's directory layout, plus what only files can show. */
class DirectoryRuleNamespacesTest extends RuleNamespacesContract {
    @TempDir
    Path dir;

    @Override
    RuleNamespaces store() {
        return new DirectoryRuleNamespaces(dir);
    }

    @Test
    void namespacesAreFilesInTheTenantsDirectoryAndHiddenFilesAreIgnored() throws Exception {
        Files.createDirectories(dir.resolve("fake"));
        Files.writeString(dir.resolve("fake").resolve("rules.yaml"), "groups: []\n");
        Files.writeString(dir.resolve("fake").resolve(".tmp-rules.yaml"), "half written");
        Files.createDirectories(dir.resolve(".snapshot"));
        Files.writeString(dir.resolve(".snapshot").resolve("x"), "y");
        RuleNamespaces s = store();
        assertThat(s.tenants()).containsExactly("fake");
        assertThat(s.namespaces("fake")).containsOnlyKeys("rules.yaml");
        s.put("fake", "api-ns", "z");
        assertThat(Files.readString(dir.resolve("fake").resolve("api-ns"))).isEqualTo("z");
        assertThat(Files.exists(dir.resolve("fake").resolve(".tmp-api-ns"))).isFalse();
    }
}
