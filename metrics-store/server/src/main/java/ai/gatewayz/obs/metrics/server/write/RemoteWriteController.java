package ai.gatewayz.obs.metrics.server.write;

import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.http.StatusTable;
import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.metrics.ingest.RemoteWriteReceiver;
import ai.gatewayz.obs.metrics.ingest.WriteResult;
import ai.gatewayz.obs.metrics.storage.TenantStorages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Prometheus remote write 1.0 and 2.0 (wire-protocols.md §1) at the Prometheus and Mimir paths.
 * Answers 204 on success; 400 (text body naming the problem) for bad data, with valid series kept;
 * 415 for unknown encodings or types; 413 for oversize bodies; 429 over the ingestion rate; 503 when
 * storage fails (the sender retries; replays are idempotent). Every response carries the 2.0
 * written-count headers.
 */
@RestController
public class RemoteWriteController {
    private static final Logger log = LoggerFactory.getLogger(RemoteWriteController.class);
    static final String SAMPLES_WRITTEN = "X-Prometheus-Remote-Write-Samples-Written";
    static final String HISTOGRAMS_WRITTEN = "X-Prometheus-Remote-Write-Histograms-Written";
    static final String EXEMPLARS_WRITTEN = "X-Prometheus-Remote-Write-Exemplars-Written";

    private final RemoteWriteReceiver receiver;
    private final TenantStorages storages;
    private final long maxBody;
    private final Counter samplesIn;
    private final Counter requestsFailed;

    public RemoteWriteController(RemoteWriteReceiver receiver, TenantStorages storages, MeterRegistry meters,
            @org.springframework.beans.factory.annotation.Value("${metrics.write.max-decoded-size:32MB}")
            org.springframework.util.unit.DataSize maxDecoded) {
        this.receiver = receiver;
        this.storages = storages;
        this.maxBody = maxDecoded.toBytes();
        this.samplesIn = meters.counter("metrics_store_remote_write_samples_total");
        this.requestsFailed = meters.counter("metrics_store_remote_write_failed_requests_total");
    }

    @PostMapping({"/api/v1/write", "/api/v1/push", "/prometheus/api/v1/write", "/prometheus/api/v1/push"})
    public ResponseEntity<String> write(HttpServletRequest request) throws IOException {
        WriteResult result;
        try {
            String tenant = Tenants.resolve(request);
            byte[] body = readBody(request);
            result = receiver.write(tenant, storages.forTenant(tenant), request.getContentType(),
                    request.getHeader(HttpHeaders.CONTENT_ENCODING), body);
        } catch (SuiteException e) {
            requestsFailed.increment();
            return text(StatusTable.status(e.kind()), e.getMessage(), 0, 0, 0);
        }
        samplesIn.increment(result.samplesWritten());
        if (!result.ok()) {
            requestsFailed.increment();
            log.debug("remote write partially rejected: {}", result.message());
            return text(400, result.message(), result.samplesWritten(), result.histogramsWritten(), result.exemplarsWritten());
        }
        return ResponseEntity.noContent()
                .header(SAMPLES_WRITTEN, Long.toString(result.samplesWritten()))
                .header(HISTOGRAMS_WRITTEN, Long.toString(result.histogramsWritten()))
                .header(EXEMPLARS_WRITTEN, Long.toString(result.exemplarsWritten()))
                .build();
    }

    private byte[] readBody(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBody) {
            throw ai.gatewayz.obs.common.CommonErrors.payloadTooLarge(declared, maxBody);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
            if (b.length > maxBody) {
                throw ai.gatewayz.obs.common.CommonErrors.payloadTooLarge(b.length, maxBody);
            }
            return b;
        }
    }

    private static ResponseEntity<String> text(int status, String message, long samples, long histograms, long exemplars) {
        return ResponseEntity.status(status)
                .contentType(MediaType.TEXT_PLAIN)
                .header(SAMPLES_WRITTEN, Long.toString(samples))
                .header(HISTOGRAMS_WRITTEN, Long.toString(histograms))
                .header(EXEMPLARS_WRITTEN, Long.toString(exemplars))
                .body(message + "\n");
    }
}
