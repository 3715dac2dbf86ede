package ai.gatewayz.obs.http;

import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import jakarta.servlet.http.HttpServletRequest;

/** A minimal service built like every suite service, for testing the shared HTTP edge. */
@SpringBootApplication
public class EdgeTestApplication {
    /** The reason /-/ready reports while not ready; null when ready. */
    static final AtomicReference<String> NOT_READY = new AtomicReference<>();

    @Bean
    ServiceIdentity serviceIdentity() {
        return new ServiceIdentity("edge-test", "Nothing", "Edge Test");
    }

    @Bean
    AuthPaths authPaths() {
        return AuthPaths.withIngest("/api/v1/write");
    }

    @Bean
    PendingPaths pendingPaths() {
        return new PendingPaths("/api/v1/**");
    }

    @Bean
    ReadinessCheck toggle() {
        return NOT_READY::get;
    }

    @RestController
    static class ProbeController {
        @GetMapping("/api/v1/echo")
        String echo(@RequestParam("start") String start, @RequestParam(value = "step", required = false) String step,
                HttpServletRequest request) {
            long s = QueryParams.requireTime("start", start);
            long st = step == null ? 0 : QueryParams.step(step);
            return "start=" + s + " step=" + st + " tenant=" + Tenants.resolve(request);
        }

        @PostMapping(path = "/api/v1/write", consumes = "application/json")
        String write(@RequestBody java.util.Map<String, Object> body) {
            return "ok " + body.size();
        }

        @GetMapping("/api/v1/boom")
        String boom() {
            throw new IllegalStateException("secret internal detail");
        }
    }
}
