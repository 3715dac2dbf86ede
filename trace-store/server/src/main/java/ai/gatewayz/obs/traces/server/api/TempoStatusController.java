package ai.gatewayz.obs.traces.server.api;

import ai.gatewayz.obs.http.ReadinessCheck;
import java.util.List;
import java.util.Objects;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tempo's probe and status endpoints: {@code /api/echo} (Grafana's "Save & test"), {@code /ready}, build info. */
@RestController
public class TempoStatusController {
    /** The Tempo release whose API we serve (≥ 2.6 so tools enable scoped tags). */
    static final String TEMPO_VERSION = "2.8.0";

    private final List<ReadinessCheck> checks;

    public TempoStatusController(List<ReadinessCheck> checks) {
        this.checks = checks;
    }

    @GetMapping("/api/echo")
    public ResponseEntity<String> echo() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("echo");
    }

    @GetMapping("/ready")
    public ResponseEntity<String> ready() {
        String why = checks.stream().map(ReadinessCheck::notReadyReason).filter(Objects::nonNull).findFirst().orElse(null);
        return why == null ? ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("ready")
                : ResponseEntity.status(503).contentType(MediaType.TEXT_PLAIN).body(why);
    }

    @GetMapping("/api/status/buildinfo")
    public ResponseEntity<String> buildinfo() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body("{\"version\":\"" + TEMPO_VERSION
                + "\",\"revision\":\"gatewayz\",\"branch\":\"main\",\"buildUser\":\"gatewayz\",\"buildDate\":\"2026-12-02\","
                + "\"goVersion\":\"n/a\"}");
    }
}
