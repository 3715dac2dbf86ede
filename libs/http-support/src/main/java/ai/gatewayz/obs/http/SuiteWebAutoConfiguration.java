package ai.gatewayz.obs.http;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import ai.gatewayz.obs.http.edge.BodyLimitFilter;
import ai.gatewayz.obs.http.edge.EnvelopeErrorReportCustomizer;

/**
 * Everything a suite service shares at the HTTP edge: the error envelope, probes, {@code /metrics},
 * token auth, the body ceiling, Tomcat's own rejections as envelopes, and the startup line. A service contributes a {@link ServiceIdentity} bean and, when it
 * has ingest endpoints, an {@link AuthPaths} bean.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@EnableConfigurationProperties(AuthProperties.class)
@Import({ApiExceptionHandler.class, EnvelopeErrorController.class, HealthController.class, SelfMetricsController.class})
public class SuiteWebAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    ServiceIdentity serviceIdentity(Environment env) {
        String name = env.getProperty("spring.application.name", "service");
        return new ServiceIdentity(name, name, name);
    }

    @Bean
    @ConditionalOnMissingBean
    AuthPaths authPaths() {
        return AuthPaths.withIngest();
    }

    @Bean
    FilterRegistrationBean<TokenAuthFilter> tokenAuthFilter(AuthProperties properties, AuthPaths paths) {
        FilterRegistrationBean<TokenAuthFilter> reg = new FilterRegistrationBean<>(new TokenAuthFilter(properties, paths));
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        reg.addUrlPatterns("/*");
        return reg;
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(Environment env) {
        DataSize max = env.getProperty("suite.http.max-body-size", DataSize.class, DataSize.ofMegabytes(32));
        FilterRegistrationBean<BodyLimitFilter> reg = new FilterRegistrationBean<>(new BodyLimitFilter(max.toBytes()));
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        reg.addUrlPatterns("/*");
        return reg;
    }

    @Bean
    EnvelopeErrorReportCustomizer envelopeErrorReportCustomizer(Environment env) {
        return new EnvelopeErrorReportCustomizer(
                env.getProperty("server.max-http-request-header-size", DataSize.class, DataSize.ofKilobytes(64)));
    }

    @Bean
    StartupLog startupLog(ServiceIdentity identity) {
        return new StartupLog(identity);
    }
}
