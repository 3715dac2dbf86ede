package ai.gatewayz.obs.remotewrite;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.ToDoubleFunction;

/**
 * Exposes a client's {@link RemoteWriteStats} as meters named like Prometheus's own
 * ({@code prometheus_remote_storage_*}, tagged {@code remote_name} and {@code url}), so a ruler's
 * {@code /metrics} shows what its remote write is doing. Registration only; the client keeps counting.
 */
public final class RemoteWriteMetrics {
    private RemoteWriteMetrics() {
    }

    public static void bind(RemoteWriteClient client, String remoteName, MeterRegistry registry) {
        Tags tags = Tags.of("remote_name", remoteName, "url", client.options().url().toString());
        counter(registry, "prometheus_remote_storage_samples_in_total", "Samples handed to the client", tags, client,
                s -> s.samplesIn());
        counter(registry, "prometheus_remote_storage_samples_total", "Samples acknowledged by the receiver", tags, client,
                s -> s.samplesSent());
        counter(registry, "prometheus_remote_storage_samples_dropped_total", "Samples dropped before sending",
                tags.and("reason", "queue_full"), client, s -> s.droppedQueueFull());
        counter(registry, "prometheus_remote_storage_samples_dropped_total", "Samples dropped before sending",
                tags.and("reason", "invalid"), client, s -> s.droppedInvalid());
        counter(registry, "prometheus_remote_storage_samples_dropped_total", "Samples dropped before sending",
                tags.and("reason", "too_old"), client, s -> s.droppedTooOld());
        counter(registry, "prometheus_remote_storage_samples_failed_total", "Samples the receiver refused (not retried)",
                tags, client, s -> s.samplesFailed());
        counter(registry, "prometheus_remote_storage_samples_retried_total", "Sample sends repeated after a retryable error",
                tags, client, s -> s.samplesRetried());
        counter(registry, "prometheus_remote_storage_sent_batches_total", "Requests sent", tags, client, s -> s.requests());
        counter(registry, "prometheus_remote_storage_bytes_total", "Compressed bytes sent", tags, client, s -> s.bytesSent());
        Gauge.builder("prometheus_remote_storage_samples_pending", client, c -> c.pending())
                .description("Samples queued or in flight").tags(tags).register(registry);
        Gauge.builder("prometheus_remote_storage_queue_highest_sent_timestamp_seconds", client,
                        c -> c.stats().highestSentTimestampMs() / 1000.0)
                .description("Newest sample timestamp acknowledged").tags(tags).register(registry);
    }

    private static void counter(MeterRegistry r, String name, String help, Tags tags, RemoteWriteClient c,
            ToDoubleFunction<RemoteWriteStats> f) {
        FunctionCounter.builder(name, c, x -> f.applyAsDouble(x.stats())).description(help).tags(tags).register(r);
    }
}
