package ai.gatewayz.obs.metrics.server.write;

import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.http.StatusTable;
import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.metrics.ingest.OtlpMetricsReceiver;
import ai.gatewayz.obs.metrics.ingest.OtlpWriteResult;
import ai.gatewayz.obs.metrics.storage.TenantStorages;
import ai.gatewayz.obs.otlp.OtlpBody;
import ai.gatewayz.obs.otlp.OtlpEncoding;
import ai.gatewayz.obs.otlp.OtlpJson;
import ai.gatewayz.obs.otlp.RpcStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * OTLP/HTTP metrics at the paths Mimir ({@code /otlp/v1/metrics}) and Prometheus 3
 * ({@code /api/v1/otlp/v1/metrics}) serve: protobuf or JSON, optionally gzip. 200 with an
 * {@code ExportMetricsServiceResponse} (a partial success names the refused data points); 400,
 * 413, 415 and 429 carry a {@code google.rpc.Status} in the request's encoding.
 */
@RestController
public class OtlpMetricsController {
    private final OtlpMetricsReceiver receiver;
    private final TenantStorages storages;
    private final long maxBody;
    private final Counter samplesIn;
    private final Counter requestsFailed;

    public OtlpMetricsController(OtlpMetricsReceiver receiver, TenantStorages storages, MeterRegistry meters,
            @Value("${metrics.write.max-decoded-size:32MB}") DataSize maxDecoded) {
        this.receiver = receiver;
        this.storages = storages;
        this.maxBody = maxDecoded.toBytes();
        this.samplesIn = meters.counter("metrics_store_otlp_samples_total");
        this.requestsFailed = meters.counter("metrics_store_otlp_failed_requests_total");
    }

    @PostMapping({"/otlp/v1/metrics", "/api/v1/otlp/v1/metrics", "/prometheus/otlp/v1/metrics"})
    public ResponseEntity<byte[]> export(HttpServletRequest request) throws IOException {
        OtlpEncoding encoding = OtlpEncoding.PROTOBUF;
        try {
            encoding = OtlpEncoding.of(request.getContentType());
            String tenant = Tenants.resolve(request);
            OtlpBody body;
            try (InputStream in = request.getInputStream()) {
                body = OtlpBody.read(request.getContentType(), request.getHeader(HttpHeaders.CONTENT_ENCODING),
                        request.getContentLengthLong(), in, maxBody);
            }
            OtlpWriteResult result = receiver.write(tenant, storages.forTenant(tenant), OtlpMetricsReceiver.parse(body));
            samplesIn.increment(result.samplesWritten() + result.histogramsWritten());
            ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
            if (!result.ok()) {
                requestsFailed.increment();
                response.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                        .setRejectedDataPoints(result.rejectedDataPoints()).setErrorMessage(result.message()));
            }
            byte[] out = encoding == OtlpEncoding.JSON ? OtlpJson.print(response).getBytes(StandardCharsets.UTF_8)
                    : response.build().toByteArray();
            return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, encoding.contentType()).body(out);
        } catch (SuiteException e) {
            requestsFailed.increment();
            int status = StatusTable.status(e.kind());
            ResponseEntity.BodyBuilder b = ResponseEntity.status(status).header(HttpHeaders.CONTENT_TYPE, encoding.contentType());
            if (status == 429 || status == 503) {
                b.header(HttpHeaders.RETRY_AFTER, "1");
            }
            return b.body(RpcStatus.body(encoding, e.kind(), e.getMessage()));
        }
    }
}
