package ai.gatewayz.obs.alerts.server.api;

import ai.gatewayz.obs.alerts.AlertRouter;
import ai.gatewayz.obs.alerts.server.wiring.RouterWiring;
import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /-/reload} and the removed {@code /api/v1} API (410 Gone, as in Alertmanager 0.27). */
@RestController
public class LifecycleController {
    private static final Logger log = LoggerFactory.getLogger(LifecycleController.class);
    private final AlertRouter router;
    private final RouterWiring.ConfigSource source;

    public LifecycleController(AlertRouter router, RouterWiring.ConfigSource source) {
        this.router = router;
        this.source = source;
    }

    @PostMapping("/-/reload")
    public ResponseEntity<String> reload() {
        try {
            router.reload(source.read());
            log.info("configuration reloaded [config={}]", source.describe());
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("");
        } catch (SuiteException e) {
            log.warn("configuration reload failed, keeping the running configuration [error={}]", e.getMessage());
            return ResponseEntity.status(500).contentType(MediaType.TEXT_PLAIN)
                    .body("failed to reload config: " + e.getMessage() + "\n");
        }
    }

    @RequestMapping("/api/v1/**")
    public ResponseEntity<String> v1Gone() {
        throw new SuiteException(ErrorKind.GONE, "the Alertmanager API v1 was removed; use /api/v2");
    }
}
