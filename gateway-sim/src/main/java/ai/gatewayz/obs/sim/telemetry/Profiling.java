package ai.gatewayz.obs.sim.telemetry;

import io.pyroscope.http.Format;
import io.pyroscope.javaagent.EventType;
import io.pyroscope.javaagent.PyroscopeAgent;
import io.pyroscope.javaagent.api.Logger;
import io.pyroscope.javaagent.config.Config;
import io.pyroscope.labels.v2.LabelsSet;
import io.pyroscope.labels.v2.Pyroscope;
import java.time.Duration;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The pyroscope-java agent started in-process: CPU (itimer) and allocation profiles in JFR format
 * pushed to {@code {server}/ingest} under application name {@code gatewayz-backend} with the
 * {@code environment} tag; {@link #labelled} runs a block under dynamic labels (provider/model
 * around inference work, cache_layer/cache_op around cache work). Agent errors are logged once
 * per outage. When disabled, {@link #labelled} just runs the block.
 */
public final class Profiling implements AutoCloseable {
    /** Settings; {@code token}, when not blank, is the profile store's ingest token. */
    public record Options(boolean enabled, String serverAddress, String applicationName, String environment, Duration uploadInterval,
                          String allocThreshold, String token) {
        public Options(boolean enabled, String serverAddress, String applicationName, String environment, Duration uploadInterval,
                       String allocThreshold) {
            this(enabled, serverAddress, applicationName, environment, uploadInterval, allocThreshold, "");
        }
    }

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(Profiling.class);
    private final boolean enabled;

    public Profiling(Options o) {
        boolean started = false;
        if (o.enabled()) {
            OutageNotice notice = new OutageNotice("profile store", o.serverAddress());
            Logger logger = (level, msg, args) -> {
                if (level.level >= Logger.Level.ERROR.level) {
                    notice.failed(String.format(msg, args));
                } else if (level.level >= Logger.Level.WARN.level) {
                    LOG.debug("pyroscope: {}", String.format(msg, args));
                }
            };
            try {
                Config.Builder b = new Config.Builder().setApplicationName(o.applicationName()).setServerAddress(o.serverAddress())
                    .setProfilingEvent(EventType.ITIMER).setFormat(Format.JFR).setUploadInterval(o.uploadInterval())
                    .setLabels(Map.of("environment", o.environment())).setLogLevel(Logger.Level.WARN);
                if (o.token() != null && !o.token().isBlank()) {
                    b.setAuthToken(o.token());
                }
                if (o.allocThreshold() != null && !o.allocThreshold().isBlank()) {
                    b.setProfilingAlloc(o.allocThreshold());
                }
                PyroscopeAgent.start(new PyroscopeAgent.Options.Builder(b.build()).setLogger(logger).build());
                started = PyroscopeAgent.isStarted();
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("pyroscope agent could not start, profiles are off: {}", e.toString());
            }
        }
        enabled = started;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Runs {@code work} with the given dynamic labels (pairs of name, value). */
    public void labelled(Runnable work, String... labels) {
        if (!enabled) {
            work.run();
            return;
        }
        Pyroscope.LabelsWrapper.run(new LabelsSet(labels), work);
    }

    @Override
    public void close() {
        if (enabled) {
            PyroscopeAgent.stop();
        }
    }
}
