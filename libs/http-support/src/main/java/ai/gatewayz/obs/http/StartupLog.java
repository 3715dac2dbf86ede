package ai.gatewayz.obs.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/** Logs one line with the service's URLs once it is ready to serve. */
public class StartupLog implements ApplicationListener<ApplicationReadyEvent> {
    private static final Logger log = LoggerFactory.getLogger(StartupLog.class);
    private final ServiceIdentity identity;

    public StartupLog(ServiceIdentity identity) {
        this.identity = identity;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "?"));
        String base = "http://localhost:" + port;
        log.info("{} ready [replaces={}, url={}, ready={}/-/ready, metrics={}/metrics, dataDir={}]",
                identity.name(), identity.replaces(), base, base, base, env.getProperty("suite.data-dir"));
    }
}
