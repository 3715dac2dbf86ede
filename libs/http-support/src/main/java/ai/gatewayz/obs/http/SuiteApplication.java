package ai.gatewayz.obs.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a suite service with the conventions of ARCHITECTURE.md as defaults: {@code PORT} sets
 * the main port, {@code DATA_DIR} the storage directory, {@code /metrics} and the probes are served,
 * errors never include stack traces. A service's own {@code application.properties} and the
 * environment override every default.
 */
public final class SuiteApplication {
    private SuiteApplication() {
    }

    public static ConfigurableApplicationContext run(Class<?> main, String serviceName, int defaultPort, String[] args) {
        return run(main, serviceName, defaultPort, args, new ApplicationContextInitializer<?>[0]);
    }

    /**
     * Like {@link #run(Class, String, int, String[])} with initializers applied before the beans are
     * defined; tests use it to hand a service a bean of their own, such as a virtual clock.
     */
    public static ConfigurableApplicationContext run(Class<?> main, String serviceName, int defaultPort, String[] args,
            ApplicationContextInitializer<?>... initializers) {
        SpringApplication app = new SpringApplication(main);
        app.setDefaultProperties(defaults(serviceName, defaultPort));
        app.addInitializers(initializers);
        return app.run(args);
    }

    static Map<String, Object> defaults(String serviceName, int defaultPort) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("spring.application.name", serviceName);
        d.put("server.port", "${PORT:" + defaultPort + "}");
        d.put("suite.data-dir", "${DATA_DIR:data/" + serviceName + "}");
        d.put("suite.auth.ingest-tokens", "${AUTH_INGEST_TOKENS:}");
        d.put("suite.auth.query-tokens", "${AUTH_QUERY_TOKENS:}");
        d.put("server.error.include-stacktrace", "never");
        d.put("server.error.include-message", "never");
        d.put("server.shutdown", "graceful");
        d.put("spring.lifecycle.timeout-per-shutdown-phase", "10s");
        d.put("spring.main.banner-mode", "off");
        d.put("spring.threads.virtual.enabled", "true");
        d.put("spring.mvc.problemdetails.enabled", "false");
        d.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        d.put("management.endpoint.health.probes.enabled", "true");
        d.put("logging.pattern.console", "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n");
        return d;
    }
}
