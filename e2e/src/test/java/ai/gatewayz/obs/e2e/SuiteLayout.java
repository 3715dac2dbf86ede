package ai.gatewayz.obs.e2e;

import java.util.List;

/** The services of ARCHITECTURE.md's runtime table: name, default port, replaced system, Grafana datasource UIDs. */
record SuiteLayout(String name, int port, String replaces, List<String> datasourceUids, boolean stateful) {
    static final List<SuiteLayout> SERVICES = List.of(
            new SuiteLayout("metrics-store", 9090, "Prometheus + Mimir", List.of("grafana_prometheus", "grafana_mimir"), true),
            new SuiteLayout("log-store", 3100, "Loki", List.of("grafana_loki"), true),
            new SuiteLayout("trace-store", 3200, "Tempo", List.of("grafana_tempo"), true),
            new SuiteLayout("profile-store", 4040, "Pyroscope", List.of("grafana_pyroscope"), true),
            new SuiteLayout("alert-router", 9093, "Alertmanager", List.of("alertmanager"), true),
            new SuiteLayout("json-api-proxy", 5050, "JSON proxy", List.of("grafana_json_api"), false),
            new SuiteLayout("gateway-sim", 8000, "GatewayZ backend", List.of(), false));

    static SuiteLayout byName(String name) {
        return SERVICES.stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow();
    }

    /** The service jar built by the reactor, relative to the repository root. */
    String jar() {
        String module = switch (name) {
            case "json-api-proxy", "gateway-sim" -> name;
            default -> name + "/server";
        };
        return module + "/target/" + name + ".jar";
    }
}
