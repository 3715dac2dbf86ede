package ai.gatewayz.obs.metrics.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Table of relabel actions with Prometheus's documented results. */
class RelabelerTest {
    private static final Labels IN = Labels.of("__name__", "http_requests_total", "job", "api", "instance", "10.0.0.1:8000",
            "__meta_team", "core", "code", "200");

    private static Labels run(RelabelConfig... c) {
        return Relabeler.apply(IN, List.of(c));
    }

    @Test
    void replaceWithEmptySourcesSetsAConstant() {
        // The seed's metric_relabel_configs: source_labels: [], target_label: env, replacement: production.
        assertThat(run(RelabelConfig.of(List.of(), null, null, null, "env", "production", null)).get("env")).isEqualTo("production");
    }

    @Test
    void replaceUsesCaptureGroupsAndSeparator() {
        Labels out = run(RelabelConfig.of(List.of("job", "code"), "/", "(.*)/(2..)", null, "combo", "${1}_$2x", "replace"));
        assertThat(out.get("combo")).isEqualTo("api_"); // $2x is the (empty) group named "2x", as in Go
        Labels host = run(RelabelConfig.of(List.of("instance"), null, "([^:]+):.*", null, "host", "$1", null));
        assertThat(host.get("host")).isEqualTo("10.0.0.1");
        Labels noMatch = run(RelabelConfig.of(List.of("job"), null, "nope", null, "x", "y", null));
        assertThat(noMatch).isEqualTo(IN);
    }

    @Test
    void keepAndDropAreAnchored() {
        assertThat(run(RelabelConfig.of(List.of("job"), null, "ap", null, null, null, "keep"))).isNull();
        assertThat(run(RelabelConfig.of(List.of("job"), null, "ap.", null, null, null, "keep"))).isEqualTo(IN);
        assertThat(run(RelabelConfig.of(List.of("code"), null, "2..", null, null, null, "drop"))).isNull();
    }

    @Test
    void labelmapLabeldropLabelkeep() {
        Labels mapped = run(RelabelConfig.of(null, null, "__meta_(.+)", null, null, "$1", "labelmap"));
        assertThat(mapped.get("team")).isEqualTo("core");
        Labels dropped = run(RelabelConfig.of(null, null, "__meta_.*|code", null, null, null, "labeldrop"));
        assertThat(dropped).isEqualTo(Labels.of("__name__", "http_requests_total", "job", "api", "instance", "10.0.0.1:8000"));
        Labels kept = run(RelabelConfig.of(null, null, "__name__|job", null, null, null, "labelkeep"));
        assertThat(kept).isEqualTo(Labels.of("__name__", "http_requests_total", "job", "api"));
    }

    @Test
    void hashmodLowercaseUppercaseAndEquality() {
        Labels h = run(RelabelConfig.of(List.of("instance"), null, null, 8L, "shard", null, "hashmod"));
        assertThat(Integer.parseInt(h.get("shard"))).isBetween(0, 7);
        assertThat(run(RelabelConfig.of(List.of("job"), null, null, null, "up", null, "uppercase")).get("up")).isEqualTo("API");
        assertThat(run(RelabelConfig.of(List.of("__meta_team"), null, null, null, "low", null, "lowercase")).get("low")).isEqualTo("core");
        assertThat(run(RelabelConfig.of(List.of("job"), null, null, null, "job", null, "keepequal"))).isEqualTo(IN);
        assertThat(run(RelabelConfig.of(List.of("job"), null, null, null, "code", null, "keepequal"))).isNull();
        assertThat(run(RelabelConfig.of(List.of("job"), null, null, null, "job", null, "dropequal"))).isNull();
    }
}
