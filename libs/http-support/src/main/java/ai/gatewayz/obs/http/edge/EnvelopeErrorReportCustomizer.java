package ai.gatewayz.obs.http.edge;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Installs {@link EnvelopeErrorReportValve} on the embedded Tomcat's host in place of Tomcat's HTML
 * error report. StandardHost adds its configured report valve only when no valve of that class is in
 * its pipeline, so adding ours and naming its class keeps exactly one.
 */
public final class EnvelopeErrorReportCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
    private final DataSize maxHeaderSize;

    public EnvelopeErrorReportCustomizer(DataSize maxHeaderSize) {
        this.maxHeaderSize = maxHeaderSize;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.getPipeline().addValve(new EnvelopeErrorReportValve(maxHeaderSize.toBytes()));
                host.setErrorReportValveClass(EnvelopeErrorReportValve.class.getName());
            }
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
