package ai.gatewayz.obs.profiles.server.agent;

import io.pyroscope.http.Format;
import io.pyroscope.javaagent.EventType;
import io.pyroscope.javaagent.PyroscopeAgent;
import io.pyroscope.javaagent.api.Logger;
import io.pyroscope.javaagent.config.Config;
import io.pyroscope.labels.v2.LabelsSet;
import io.pyroscope.labels.v2.Pyroscope;
import java.time.Duration;
import java.util.Map;

/**
 * Child JVM of {@link PyroscopeAgentTest}: starts the real pyroscope-java agent (JFR, itimer,
 * 2 s uploads) against the server given in {@code args[0]} and burns CPU in two known methods
 * under different {@code provider} dynamic labels for {@code args[1]} seconds, each also under a
 * {@code span_id} label as the agent's OpenTelemetry integration sets it ({@link #OPENAI_SPAN},
 * {@link #ANTHROPIC_SPAN}).
 */
public final class AgentWorkload {
    static final String OPENAI_SPAN = "9a517183f26a089d";
    static final String ANTHROPIC_SPAN = "5a4fe264a9c987fe";
    static volatile double sink;

    private AgentWorkload() {
    }

    public static void main(String[] args) throws Exception {
        Config config = new Config.Builder().setApplicationName("agent-test").setServerAddress(args[0])
                .setProfilingEvent(EventType.ITIMER).setFormat(Format.JFR).setUploadInterval(Duration.ofSeconds(2))
                .setLabels(Map.of("environment", "test")).setLogLevel(Logger.Level.INFO).setTenantID("agent").build();
        PyroscopeAgent.start(config);
        long end = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
        while (System.nanoTime() < end) {
            Pyroscope.LabelsWrapper.run(new LabelsSet("provider", "openai", "span_id", OPENAI_SPAN), () -> openAiHotLoop(40));
            Pyroscope.LabelsWrapper.run(new LabelsSet("provider", "anthropic", "span_id", ANTHROPIC_SPAN), () -> anthropicHotLoop(10));
        }
        PyroscopeAgent.stop();
        System.exit(0);
    }

    static void openAiHotLoop(long ms) {
        long stop = System.nanoTime() + ms * 1_000_000L;
        long x = (long) sink + 1;
        while (System.nanoTime() < stop) {
            for (int i = 0; i < 100_000; i++) { // pure Java arithmetic: the self time stays in this frame
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
        }
        sink = x;
    }

    static void anthropicHotLoop(long ms) {
        long stop = System.nanoTime() + ms * 1_000_000L;
        long x = (long) sink + 3;
        while (System.nanoTime() < stop) {
            for (int i = 0; i < 100_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
                x ^= x >>> 29;
            }
        }
        sink = x;
    }
}
