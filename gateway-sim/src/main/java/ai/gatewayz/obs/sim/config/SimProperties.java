package ai.gatewayz.obs.sim.config;

import ai.gatewayz.obs.sim.scenario.ScenarioKind;
import ai.gatewayz.obs.sim.scenario.ScenarioSpec;
import ai.gatewayz.obs.sim.traffic.TrafficOptions;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything under {@code sim.}; defaults live in {@code application.properties} with the backend's
 * environment variable names as overrides.
 */
@ConfigurationProperties(prefix = "sim")
public record SimProperties(long seed, double latencyScale, Traffic traffic, Identity identity, Metrics metrics, Traces traces, Logs logs,
                            Profiles profiles, List<Scenario> scenarios, String telemetryToken) {
    public SimProperties {
        scenarios = scenarios == null ? List.of() : List.copyOf(scenarios);
        telemetryToken = telemetryToken == null ? "" : telemetryToken;
        if (latencyScale < 0) {
            throw new IllegalArgumentException("sim.latency-scale must not be negative [latency-scale=" + latencyScale + "]");
        }
    }

    public record Traffic(boolean enabled, double requestsPerSecond, double streamingShare, int users, double invalidShare,
                          double repeatPromptShare) {
        public TrafficOptions toOptions() {
            return new TrafficOptions(requestsPerSecond, streamingShare, users, invalidShare, repeatPromptShare);
        }
    }

    public record Identity(String appName, String serviceName, String environment) {
    }

    public record Metrics(boolean fillUnwritten) {
    }

    public record Traces(boolean enabled, String protocol, String httpEndpoint, String grpcEndpoint, int queueSize, int batchSize,
                         Duration scheduleDelay) {
    }

    public record Logs(boolean enabled, String url, String appLabel, String serviceLabel, String tenant, boolean protobuf,
                       long sendQueueMaxBytes, Duration batchTimeout, boolean consoleRequestLines) {
    }

    public record Profiles(boolean enabled, String serverAddress, String applicationName, String environment, Duration uploadInterval,
                           String alloc) {
    }

    /** A scenario scheduled from configuration, relative to start-up. */
    public record Scenario(String kind, String provider, String model, String user, String cacheLayer, double factor, Duration startAfter,
                           Duration duration) {
        public ScenarioSpec toSpec() {
            return new ScenarioSpec(ScenarioKind.parse(kind), provider, model, user, cacheLayer, factor, startAfter, duration);
        }
    }
}
