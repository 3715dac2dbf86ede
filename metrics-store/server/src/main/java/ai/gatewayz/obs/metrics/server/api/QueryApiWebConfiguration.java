package ai.gatewayz.obs.metrics.server.api;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Prometheus clients send {@code match[]={job="x"}} unencoded (curl, promtool, scripts); Tomcat
 * rejects such query strings by default, so brackets, braces and friends are allowed here.
 */
@Configuration(proxyBeanMethods = false)
public class QueryApiWebConfiguration {
    @Bean
    TomcatConnectorCustomizer relaxedQueryChars() {
        return connector -> {
            connector.setProperty("relaxedQueryChars", "[]|{}^\\`\"<>");
            connector.setProperty("relaxedPathChars", "[]|{}^\\`\"<>");
        };
    }
}
