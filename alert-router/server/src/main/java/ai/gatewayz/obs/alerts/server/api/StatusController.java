package ai.gatewayz.obs.alerts.server.api;

import ai.gatewayz.obs.alerts.AlertRouter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v2/status} and {@code /api/v2/receivers}. */
@RestController
public class StatusController {
    /** The Alertmanager API level the router implements (reported in versionInfo). */
    public static final String VERSION = "0.27.0";
    private final AlertRouter router;

    public StatusController(AlertRouter router) {
        this.router = router;
    }

    @GetMapping(path = "/api/v2/status", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("name", "alert-router");
        cluster.put("peers", List.of());
        cluster.put("status", "disabled");
        m.put("cluster", cluster);
        m.put("config", Map.of("original", router.config().original()));
        m.put("uptime", ApiJson.time(router.startedAt()));
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("branch", "main");
        v.put("buildDate", "20261127-00:00:00");
        v.put("buildUser", "gatewayz");
        v.put("goVersion", "java" + Runtime.version().feature());
        v.put("revision", "alert-router");
        v.put("version", VERSION);
        m.put("versionInfo", v);
        return m;
    }

    @GetMapping(path = "/api/v2/receivers", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<Map<String, String>> receivers() {
        return router.config().receivers().keySet().stream().map(n -> Map.of("name", n)).toList();
    }
}
