package ai.gatewayz.obs.traces.server.ingest;

import ai.gatewayz.obs.traces.server.storage.TraceStoreProperties;
import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Opens the OTLP/HTTP port (4318, {@code OTLP_HTTP_PORT}) as a second Tomcat connector beside
 * the API port, so exporters configured for Tempo's distributor need no change. -1 disables it.
 * It listens on {@code traces.otlp-address} (blank: every interface).
 */
@Component
public class OtlpHttpConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
    private final int port;
    private final String address;

    public OtlpHttpConnector(TraceStoreProperties props) {
        this.port = props.httpPort();
        this.address = props.otlpAddress();
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (port >= 0) {
            Connector c = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
            c.setPort(port);
            if (!address.isBlank()) {
                c.setProperty("address", address);
            }
            factory.addAdditionalConnectors(c);
        }
    }
}
