package ai.gatewayz.obs.alerts.config;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.testkit.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * ROUTING-CASES.yaml selects the expected receivers, and the same label sets (plus a grid over the
 * corpus' conf.good.yml and the seed config) select the same receivers as Debian's
 * {@code amtool config routes test}.
 */
class RoutingCasesTest {
    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

    @Test
    @SuppressWarnings("unchecked")
    void routingCasesYaml() throws IOException {
        Path dir = Peers.corpus("alertmanager").resolve("amtool-testdata");
        Map<String, Object> doc = new Yaml().load(Files.readString(dir.resolve("ROUTING-CASES.yaml")));
        List<Map<String, Object>> cases = (List<Map<String, Object>>) doc.get("cases");
        assertThat(cases).hasSize(4);
        for (Map<String, Object> c : cases) {
            AlertmanagerConfig cfg = loader.loadFile(dir.resolve((String) c.get("config")));
            Map<String, Object> labels = (Map<String, Object>) c.get("labels");
            List<String> got = receivers(cfg, labels);
            assertThat(got).as("case %s", c).isEqualTo(c.get("receivers"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void sameReceiversAsAmtool(@TempDir Path tmp) throws Exception {
        Path amtool = Peers.binary("amtool");
        Path dir = Peers.corpus("alertmanager").resolve("amtool-testdata");
        Map<String, Object> doc = new Yaml().load(Files.readString(dir.resolve("ROUTING-CASES.yaml")));
        int compared = 0;
        for (Map<String, Object> c : (List<Map<String, Object>>) doc.get("cases")) {
            Path file = dir.resolve((String) c.get("config"));
            Map<String, Object> labels = (Map<String, Object>) c.get("labels");
            assertThat(receivers(loader.loadFile(file), labels)).isEqualTo(amtool(amtool, file, labels));
            compared++;
        }
        Path good = Peers.corpus("alertmanager").resolve("config-testdata/conf.good.yml");
        String seed = Files.readString(Peers.sourceRoot().resolve("alert-router/server/src/main/resources/alertmanager.yml"))
                .replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1");
        Path seedFile = tmp.resolve("seed.yml");
        Files.writeString(seedFile, seed);
        List<Map<String, Object>> grid = new ArrayList<>();
        for (String service : new String[] {"foo1", "files", "database", "other"}) {
            for (String sev : new String[] {"critical", "warning"}) {
                for (String owner : new String[] {"team-X", "team-Y"}) {
                    grid.add(Map.of("service", service, "severity", sev, "owner", owner, "owner2", owner));
                }
            }
        }
        for (Map<String, Object> l : grid) {
            assertThat(receivers(loader.loadFile(good), l)).as("conf.good.yml %s", l).isEqualTo(amtool(amtool, good, l));
            compared++;
        }
        for (String cat : new String[] {"slo", "traffic_spike", "latency_anomaly", "server_errors", "model", "backend",
                "logs", "availability_drop", "circuit_breaker", "none"}) {
            for (String sev : new String[] {"critical", "warning", "info"}) {
                Map<String, Object> l = Map.of("alertname", "A", "category", cat, "severity", sev);
                assertThat(receivers(loader.loadFile(seedFile), l)).as("seed %s", l).isEqualTo(amtool(amtool, seedFile, l));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(4 + 16 + 30);
    }

    private static List<String> receivers(AlertmanagerConfig cfg, Map<String, Object> labels) {
        Labels.Builder b = Labels.builder();
        labels.forEach((k, v) -> b.set(k, String.valueOf(v)));
        return cfg.route().match(b.build()).stream().map(Route::receiver).toList();
    }

    private static List<String> amtool(Path amtool, Path config, Map<String, Object> labels) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(amtool.toString(), "config", "routes", "test", "--config.file=" + config));
        new TreeMap<>(labels).forEach((k, v) -> cmd.add(k + "=" + v));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.getErrorStream().readAllBytes();
        assertThat(p.waitFor()).as("amtool %s", cmd).isZero();
        return List.of(out.split(","));
    }
}
