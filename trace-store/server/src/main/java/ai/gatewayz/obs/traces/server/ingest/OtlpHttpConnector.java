package ai.gatewayz.obs.traces.server.ingest;

import ai.gatewayz.obs.traces.server.storage.TraceStoreProperties;
import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Opens the OTLP/HTTP port (4318, {@code OTLP_HTTP_PORT}) as a second Tomcat connector beside
 * the API port, so exporters configured for Tempo's distributor need no change. -1 disables it.
 */
@Component
public class OtlpHttpConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
    private final int port;

    public OtlpHttpConnector(TraceStoreProperties props) {
        this.port = props.httpPort();
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (port >= 0) {
            Connector c = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
            c.setPort(port);
            factory.addAdditionalConnectors(c);
        }
    }
}
