package ai.gatewayz.obs.monitoring.dashboards;

import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.testkit.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** The datasources of grafana/provisioning/datasources/datasources.yml, as Grafana provisions them. Stateless. */
public final class GrafanaDatasources {
    public static final Path FILE = Peers.sourceRoot().resolve("grafana/provisioning/datasources/datasources.yml");

    private GrafanaDatasources() {
    }

    /**
     * One provisioned datasource.
     *
     * @param minInterval the datasource's minimum query interval (jsonData.timeInterval, Pyroscope's
     *                    minStep), zero when it sets none
     */
    public record Datasource(String name, String type, String uid, Duration minInterval) {
    }

    @SuppressWarnings("unchecked")
    public static List<Datasource> provisioned() {
        Map<String, Object> doc;
        try {
            doc = new Yaml().load(Files.readString(FILE));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read datasources [file=" + FILE + "]", e);
        }
        List<Datasource> out = new ArrayList<>();
        for (Map<String, Object> ds : (List<Map<String, Object>>) doc.get("datasources")) {
            Map<String, Object> json = (Map<String, Object>) ds.getOrDefault("jsonData", Map.of());
            Object min = json.containsKey("timeInterval") ? json.get("timeInterval") : json.get("minStep");
            out.add(new Datasource((String) ds.get("name"), (String) ds.get("type"), (String) ds.get("uid"),
                    min == null ? Duration.ZERO : Duration.ofMillis(Durations.parse(min.toString()))));
        }
        return out;
    }

    public static Datasource byUid(String uid) {
        return provisioned().stream().filter(d -> d.uid().equals(uid)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("datasource not provisioned [uid=" + uid + "]"));
    }
}
