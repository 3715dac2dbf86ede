package ai.gatewayz.obs.http.edge;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Container settings every suite service shares at its HTTP edge, added with the lowest precedence
 * so that a service's properties and the environment still win. An environment post-processor (not
 * {@code SuiteApplication.run}'s defaults) so that tests starting an application directly get the
 * same edge as production.
 *
 * <ul>
 *   <li>64 KiB of request line and headers: Go's net/http (Prometheus, Alertmanager) reads 1 MiB, Tomcat
 *       8 KiB; longer GET queries get 414 and belong in a POST form body.</li>
 *   <li>A form body may hold a query as large as a request body may be.</li>
 *   <li>The characters of PromQL and LogQL that curl users leave unencoded in a query string are
 *       accepted, as Go accepts them.</li>
 *   <li>Tomcat logs every malformed request at INFO with a stack trace; a hostile client must not be
 *       able to fill the log, so those loggers report from WARN, and the envelope names the cause.</li>
 * </ul>
 */
public final class EdgeDefaults implements EnvironmentPostProcessor {
    static final String SOURCE = "suiteEdgeDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("server.max-http-request-header-size", "${suite.http.max-header-size:64KB}");
        d.put("server.tomcat.max-http-form-post-size", "${suite.http.max-body-size:32MB}");
        d.put("server.tomcat.max-swallow-size", "${suite.http.max-body-size:32MB}");
        d.put("server.tomcat.relaxed-query-chars", "\",<,>,[,\\,],^,`,{,|,}");
        d.put("server.error.include-stacktrace", "never");
        d.put("server.error.include-message", "never");
        d.put("logging.level.org.apache.coyote.http11.Http11Processor", "WARN");
        d.put("logging.level.org.apache.tomcat.util.http.Parameters", "WARN");
        d.put("logging.level.org.apache.catalina.core.ContainerBase", "WARN");
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, d));
    }
}
