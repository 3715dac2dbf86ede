package ai.gatewayz.obs.http;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Everything a suite service shares at the HTTP edge: the error envelope, probes, {@code /metrics},
 * token auth and the startup line. A service contributes a {@link ServiceIdentity} bean and, when it
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
    StartupLog startupLog(ServiceIdentity identity) {
        return new StartupLog(identity);
    }
}
