package ai.gatewayz.obs.metrics.server.write;

import static ai.gatewayz.obs.metrics.server.write.RwClient.sample;
import static ai.gatewayz.obs.metrics.server.write.RwClient.series;
import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.metrics.server.storage.MetricsStorageProperties;
import ai.gatewayz.obs.metrics.storage.TenantStorages;
import ai.gatewayz.obs.metrics.tsdb.TsdbTenantStorages;
import ai.gatewayz.obs.metrics.tsdb.WalWriter;
import ai.gatewayz.obs.proto.prometheus.RemoteWriteV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Issue 18's durability order at the HTTP layer: when the WAL cannot be written, remote write
 * answers 503 (Prometheus's sender retries 5xx) naming the failure, and nothing of the
 * request is readable; once the WAL works again the retried request is stored. The fault is
 * injected into the TSDB's WAL writer of a storage bean that replaces the configured one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class RemoteWriteWalFaultTest {
    static final AtomicBoolean FAIL = new AtomicBoolean();

    @TestConfiguration
    static class FaultyStorage {
        @Bean(destroyMethod = "close")
        @Primary
        TenantStorages faultyTenantStorages(MetricsStorageProperties props) throws IOException {
            Path dir = Files.createTempDirectory(Path.of("target"), "wal-fault");
            return new TsdbTenantStorages(dir, tenant -> props.toOptions(0), Clock.systemUTC(),
                    real -> (WalWriter) (record, off, len) -> {
                        if (FAIL.get()) {
                            throw new UncheckedIOException(new IOException("injected: disk full"));
                        }
                        real.append(record, off, len);
                    });
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    TenantStorages storages;

    @Test
    void aFailedWalWriteIs503AndStoresNothingThenTheRetrySucceeds() {
        assertThat(storages).isInstanceOf(TsdbTenantStorages.class);
        RwClient client = new RwClient("http://127.0.0.1:" + port);
        long now = System.currentTimeMillis();
        RemoteWriteV1.WriteRequest req = RemoteWriteV1.WriteRequest.newBuilder()
                .addTimeseries(series("__name__", "wal_fault", "job", "a").addSamples(sample(now, 7)))
                .addTimeseries(series("__name__", "wal_fault", "job", "b").addSamples(sample(now, 8)))
                .build();
        FAIL.set(true);
        HttpResponse<String> failed;
        try {
            failed = client.write("t-wal", req);
        } finally {
            FAIL.set(false);
        }
        assertThat(failed.statusCode()).isEqualTo(503);
        // Plain text, as Prometheus's remote-write handler answers errors.
        assertThat(failed.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(failed.body()).startsWith("WAL write failed, nothing of the batch was stored [error=UncheckedIOException:")
                .contains("injected: disk full");
        // The series may exist in the index (created at append time, as in Prometheus), but no sample.
        assertThat(client.readRaw("t-wal", "wal_fault")).doesNotContain("[" + now + ",");

        HttpResponse<String> retried = client.write("t-wal", req);
        assertThat(retried.statusCode()).isEqualTo(204);
        assertThat(client.readRaw("t-wal", "wal_fault")).contains("\"job\":\"a\"", "\"job\":\"b\"")
                .contains("[" + now + ",\"7\",").contains("[" + now + ",\"8\",");
    }
}
