package ai.gatewayz.obs.traces.server.api;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tempo's status endpoints: {@code /api/echo} (Grafana's "Save & test") and build info; {@code /ready} is the shared HealthController's. */
@RestController
public class TempoStatusController {
    /** The Tempo release whose API we serve (≥ 2.6 so tools enable scoped tags). */
    static final String TEMPO_VERSION = "2.8.0";

    @GetMapping("/api/echo")
    public ResponseEntity<String> echo() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("echo");
    }

    @GetMapping("/api/status/buildinfo")
    public ResponseEntity<String> buildinfo() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body("{\"version\":\"" + TEMPO_VERSION
                + "\",\"revision\":\"gatewayz\",\"branch\":\"main\",\"buildUser\":\"gatewayz\",\"buildDate\":\"2026-12-02\","
                + "\"goVersion\":\"n/a\"}");
    }
}
