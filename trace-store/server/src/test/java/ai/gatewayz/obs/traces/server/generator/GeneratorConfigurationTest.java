package ai.gatewayz.obs.traces.server.generator;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.traces.generator.GeneratorConfigLoader;
import ai.gatewayz.obs.traces.generator.GeneratorOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the generator's configuration comes from: CONFIG_FILE's block, else METRICS_STORE_URL with the bundled defaults, else off. */
class GeneratorConfigurationTest {
    static GeneratorProperties props(boolean enabled, String url) {
        return new GeneratorProperties(enabled, url, Duration.ofSeconds(1), 1000, Duration.ofMinutes(10), 16);
    }

    @Test
    void configFileBlockWins(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tempo.yaml");
        Files.writeString(f, """
                metrics_generator:
                  storage:
                    remote_write: [{url: "http://mimir:9009/api/v1/push"}]
                overrides:
                  metrics_generator_processors: [service-graphs]
                """);
        GeneratorOptions o = GeneratorConfiguration.options(props(true, "http://metrics-store:9090"), f.toString());
        assertThat(o.remoteWrite()).extracting(GeneratorOptions.RemoteWriteTarget::url)
                .containsExactly(URI.create("http://mimir:9009/api/v1/push"));
        assertThat(o.overrides().forTenant("anonymous").processors()).containsExactly("service-graphs");
    }

    @Test
    void withoutABlockMetricsStoreUrlTurnsOnTheBundledDefaults(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tempo.yaml");
        Files.writeString(f, "server: {http_listen_port: 3200}\n");
        GeneratorOptions o = GeneratorConfiguration.options(props(true, "http://metrics-store:9090/"), f.toString());
        assertThat(o.remoteWrite()).extracting(GeneratorOptions.RemoteWriteTarget::url)
                .containsExactly(URI.create("http://metrics-store:9090/api/v1/write"));
        assertThat(o.overrides().forTenant("anonymous").processors()).isEqualTo(Set.of("span-metrics", "service-graphs", "gen-ai"));
        assertThat(o.overrides().forTenant("anonymous").maxActiveSeries()).isEqualTo(100_000);
        assertThat(o.spanMetrics().dimensions()).containsExactly("gen_ai.request.model", "gen_ai.system", "ai.provider", "ai.model_id",
                "customer.id", "http.status_code", "gen_ai.response.finish_reason", "http.route", "error.type", "db.system");
        assertThat(o.spanMetrics().filterPolicies()).hasSize(1);
        assertThat(o.serviceGraphs().peerAttributes()).containsExactly("peer.service", "db.name", "server.address");
        assertThat(o.addOrgIdHeader()).isTrue();
    }

    @Test
    void theBundledDefaultsAreAValidTempoFileWithoutWarnings() {
        var r = new GeneratorConfigLoader(k -> "http://x").parse(GeneratorConfiguration.bundledDefaults(), null);
        assertThat(r.present()).isTrue();
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void neitherMeansOffAndSoDoesEnabledFalse() {
        assertThat(GeneratorConfiguration.options(props(true, ""), "")).isEqualTo(GeneratorConfigLoader.defaults());
        assertThat(GeneratorConfiguration.options(props(false, "http://metrics-store:9090"), "")).isEqualTo(GeneratorConfigLoader.defaults());
        assertThat(GeneratorConfigLoader.defaults().overrides().forTenant("anonymous").processors()).isEmpty();
    }
}
