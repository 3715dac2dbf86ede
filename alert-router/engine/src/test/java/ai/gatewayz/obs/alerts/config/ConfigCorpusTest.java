package ai.gatewayz.obs.alerts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.testkit.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Alertmanager's own config fixtures load or fail exactly as EXPECTED.tsv says. */
class ConfigCorpusTest {
    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

    @TestFactory
    Stream<DynamicTest> expectedTsv() throws IOException {
        Path dir = Peers.corpus("alertmanager").resolve("config-testdata");
        List<String> lines = Files.readAllLines(dir.resolve("EXPECTED.tsv"));
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            String file = f[0];
            String expected = f[1];
            String text = f.length > 2 ? f[2] : "";
            tests.add(DynamicTest.dynamicTest(file, () -> {
                Path p = dir.resolve(file);
                if (expected.equals("ok")) {
                    AlertmanagerConfig c = loader.loadFile(p);
                    assertThat(c.route().receiver()).isNotEmpty();
                } else {
                    assertThatThrownBy(() -> loader.loadFile(p)).isInstanceOf(ConfigException.class).hasMessageContaining(text);
                }
            }));
        }
        assertThat(tests).hasSize(46);
        return tests.stream();
    }

    @Test
    void amtoolFixtures() {
        Path dir = Peers.corpus("alertmanager").resolve("amtool-testdata");
        assertThat(loader.loadFile(dir.resolve("conf.good.yml")).receivers()).containsKey("default");
        assertThatThrownBy(() -> loader.loadFile(dir.resolve("conf.bad.yml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot unmarshal !!str `BAD`");
    }

    @Test
    void examplesLoad() {
        Path dir = Peers.corpus("alertmanager").resolve("examples");
        AlertmanagerConfig c = loader.loadFile(dir.resolve("simple.yml"));
        assertThat(c.inhibitRules()).isNotEmpty();
    }

    @Test
    void groupByAllAndDefaults() {
        Path dir = Peers.corpus("alertmanager").resolve("config-testdata");
        AlertmanagerConfig c = loader.loadFile(dir.resolve("conf.group-by-all.yml"));
        assertThat(c.route().groupByAll()).isTrue();
        assertThat(c.route().repeatIntervalMs()).isEqualTo(3 * 3600_000L);
        assertThat(c.global().resolveTimeoutMs()).isEqualTo(300_000L);
    }
}
