package ai.gatewayz.obs.http;

import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Liveness and readiness in the style of Prometheus and Loki: plain text, 200 or 503. Readiness is
 * the conjunction of every {@link ReadinessCheck} bean.
 */
@RestController
public class HealthController {
    private final ServiceIdentity identity;
    private final List<ReadinessCheck> checks;

    public HealthController(ServiceIdentity identity, List<ReadinessCheck> checks) {
        this.identity = identity;
        this.checks = checks;
    }

    @RequestMapping(path = "/-/healthy", method = {RequestMethod.GET, RequestMethod.HEAD})
    public ResponseEntity<String> healthy() {
        return text(200, identity.displayName() + " is Healthy.\n");
    }

    @RequestMapping(path = {"/-/ready", "/ready"}, method = {RequestMethod.GET, RequestMethod.HEAD})
    public ResponseEntity<String> ready() {
        for (ReadinessCheck c : checks) {
            String reason = c.notReadyReason();
            if (reason != null) {
                return text(503, identity.displayName() + " is not ready: " + reason + "\n");
            }
        }
        return text(200, identity.displayName() + " is Ready.\n");
    }

    private static ResponseEntity<String> text(int status, String body) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(body);
    }
}
