package ai.gatewayz.obs.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The client's own counters as meters, the way a ruler's /metrics shows them. */
class RemoteWriteMetricsTest {
    @Test
    void metersFollowTheClient() throws Exception {
        try (InProcessReceiver r = new InProcessReceiver();
                RemoteWriteClient c = new RemoteWriteClient(RemoteWriteOptions.defaults(r.url()).withQueue(1, 100, 10, 5)
                        .withBackoff(5, 10), Clock.systemUTC())) {
            SimpleMeterRegistry reg = new SimpleMeterRegistry();
            RemoteWriteMetrics.bind(c, "metrics-store", reg);
            r.failNext(1, 500, null);
            long now = System.currentTimeMillis();
            c.append(Labels.of("__name__", "m"), now, 1);
            c.append(Labels.of("job", "unnamed"), now, 1);
            assertThat(c.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(reg.get("prometheus_remote_storage_samples_total").functionCounter().count()).isEqualTo(1);
            assertThat(reg.get("prometheus_remote_storage_samples_retried_total").functionCounter().count()).isEqualTo(1);
            assertThat(reg.get("prometheus_remote_storage_samples_dropped_total").tag("reason", "invalid")
                    .functionCounter().count()).isEqualTo(1);
            assertThat(reg.get("prometheus_remote_storage_sent_batches_total").tag("remote_name", "metrics-store")
                    .functionCounter().count()).isEqualTo(2);
            assertThat(reg.get("prometheus_remote_storage_samples_pending").gauge().value()).isZero();
            assertThat(reg.get("prometheus_remote_storage_queue_highest_sent_timestamp_seconds").gauge().value())
                    .isEqualTo(now / 1000.0);
        }
    }
}
